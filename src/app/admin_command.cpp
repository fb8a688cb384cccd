// `pictor admin`: a thin client for the admin API (HTTP Basic, JSON), so the common calls need
// no curl incantations. Prints tables (app/admin_output.h) or, with --json, the server's JSON;
// exits 0 on 2xx, 1 otherwise (the server's message on stderr), 2 on a usage error.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include "app/admin_output.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "core/percent.h"

namespace pictor::app {

const char* const kAdminCommands =
    "Commands:\n"
    "  assets                       list catalogued assets\n"
    "  asset ID                     show one asset\n"
    "  upload ID FILE               upload or replace a source image\n"
    "  policy ID [--role R]... [--no-roles] [--max-width N] [--open-full-max N]\n"
    "            [--open-max-width N] [--title T]   set the access policy\n"
    "  delete ID                    delete an asset (file and row)\n"
    "  roles | add-role NAME | delete-role NAME\n"
    "  users | user NAME [--new-password P|-] [--role R]... | delete-user NAME\n"
    "  purge-cache                  empty the derivative cache\n"
    "Output: tables with ISO 8601 dates (UTC); --json prints the API's JSON.\n"
    "Passwords: --password-stdin reads the admin password from stdin; without it, --password\n"
    "or admin.password, else it is asked on the terminal. --new-password - asks for the new\n"
    "password (twice) or reads it from stdin.\n";

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

// A large upload's progress, on a terminal.
int on_progress(void* bar, curl_off_t, curl_off_t, curl_off_t, curl_off_t sent) {
    static_cast<ProgressBar*>(bar)->update(static_cast<std::uint64_t>(sent));
    return 0;
}

int call(const AdminOptions& o, const std::string& method, const std::string& path,
         const std::string* body) {
    CURL* curl = curl_easy_init();
    if (!curl) return 1;
    std::optional<ProgressBar> bar;
    if (body && body->size() > (std::size_t{4} << 20)) {
        bar.emplace(body->size(), "bytes uploaded");
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &*bar);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    std::string answer, url = o.url + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, o.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, o.password.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        std::fprintf(stderr, "pictor admin: %s: %s\n", url.c_str(), curl_easy_strerror(rc));
        return 1;
    }
    bar.reset();
    auto parsed = nlohmann::json::parse(answer, nullptr, false);
    if (status >= 300) {
        std::string message = parsed.is_object() && parsed.contains("message")
                                  ? parsed["message"].get<std::string>()
                                  : answer;
        std::fprintf(stderr, "pictor admin: HTTP %ld: %s\n", status, message.c_str());
        return 1;
    }
    if (o.json) {
        if (!answer.empty())
            std::puts(parsed.is_discarded() ? answer.c_str() : parsed.dump(2).c_str());
        return 0;
    }
    std::string command = o.words.empty() ? "" : o.words[0];
    std::fputs(format_admin_answer(
                   command, answer.empty() || parsed.is_discarded() ? nlohmann::json() : parsed)
                   .c_str(),
               stdout);
    return 0;
}

// A password from the terminal (asked twice) or from piped stdin.
std::optional<std::string> new_password() {
    auto first = read_secret("New password: ");
    if (!first) return std::nullopt;
    if (::isatty(STDIN_FILENO) == 1) {
        auto again = read_secret("Repeat it: ");
        if (!again || *again != *first) {
            std::fprintf(stderr, "pictor admin: the passwords differ\n");
            return std::nullopt;
        }
    }
    return first;
}

int usage(const char* why) {
    std::fprintf(stderr, "pictor admin: %s\n%s", why, kAdminCommands);
    return 2;
}

} // namespace

int admin(const config::Config& config, const AdminOptions& given) {
    AdminOptions o = given;
    if (o.url.empty())
        o.url = "http://" + config.server.host + ":" + std::to_string(config.server.port);
    while (!o.url.empty() && o.url.back() == '/')
        o.url.pop_back();
    if (o.user.empty()) o.user = config.admin.user;
    // The admin password: --password-stdin, else the option or admin.password, else asked.
    if (o.password_stdin) {
        auto read = read_secret("Admin password: ");
        if (!read) return usage("--password-stdin: nothing on stdin");
        o.password = *read;
    }
    if (o.password.empty()) o.password = config.admin.password;
    if (o.password.empty() && ::isatty(STDIN_FILENO) == 1)
        if (auto asked = read_secret("Admin password for " + o.user + ": ")) o.password = *asked;
    const auto& w = o.words;
    bool keep_roles = !o.set_roles;
    auto arg = [&](std::size_t i) { return i < w.size() ? w[i] : std::string(); };
    const std::string& cmd = w[0];
    auto need = [&](std::size_t n) { return w.size() == n + 1; };

    if (cmd == "assets" && need(0)) return call(o, "GET", "/admin/assets", nullptr);
    if (cmd == "asset" && need(1))
        return call(o, "GET", "/admin/assets/" + core::percent_encode(arg(1)), nullptr);
    if (cmd == "delete" && need(1))
        return call(o, "DELETE", "/admin/assets/" + core::percent_encode(arg(1)), nullptr);
    if (cmd == "upload" && need(2)) {
        std::ifstream in(arg(2), std::ios::binary);
        if (!in) return usage(("cannot read " + arg(2)).c_str());
        std::ostringstream bytes;
        bytes << in.rdbuf();
        std::string body = std::move(bytes).str();
        return call(o, "PUT", "/admin/assets/" + core::percent_encode(arg(1)) + "/source", &body);
    }
    if (cmd == "policy" && need(1)) {
        nlohmann::json p = nlohmann::json::object();
        if (!keep_roles) p["roles"] = o.roles;
        if (o.max_width) p["maxWidth"] = *o.max_width;
        if (o.open_full_max) p["openFullMax"] = *o.open_full_max;
        if (o.open_max_width) p["openMaxWidth"] = *o.open_max_width;
        if (o.title) p["title"] = *o.title;
        std::string body = p.dump();
        return call(o, "PUT", "/admin/assets/" + core::percent_encode(arg(1)) + "/policy", &body);
    }
    if (cmd == "roles" && need(0)) return call(o, "GET", "/admin/roles", nullptr);
    if (cmd == "add-role" && need(1)) {
        std::string empty;
        return call(o, "PUT", "/admin/roles/" + core::percent_encode(arg(1)), &empty);
    }
    if (cmd == "delete-role" && need(1))
        return call(o, "DELETE", "/admin/roles/" + core::percent_encode(arg(1)), nullptr);
    if (cmd == "users" && need(0)) return call(o, "GET", "/admin/users", nullptr);
    if (cmd == "user" && need(1)) {
        nlohmann::json u = nlohmann::json::object();
        if (o.new_password && *o.new_password == "-") {
            auto asked = new_password();
            if (!asked) return usage("no new password given");
            u["password"] = *asked;
        } else if (o.new_password) {
            u["password"] = *o.new_password;
        }
        if (!keep_roles) u["roles"] = o.roles;
        std::string body = u.dump();
        return call(o, "PUT", "/admin/users/" + core::percent_encode(arg(1)), &body);
    }
    if (cmd == "delete-user" && need(1))
        return call(o, "DELETE", "/admin/users/" + core::percent_encode(arg(1)), nullptr);
    if (cmd == "purge-cache" && need(0)) {
        std::string empty;
        return call(o, "POST", "/admin/cache/purge", &empty);
    }
    return usage(("unknown command or wrong arguments: " + cmd).c_str());
}

} // namespace pictor::app
