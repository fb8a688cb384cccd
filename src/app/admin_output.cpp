#include "app/admin_output.h"

#include <algorithm>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace pictor::app {
namespace {

using nlohmann::json;

std::string text_of(const json& v) {
    if (v.is_null()) return "-";
    if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto& item : v)
            out += (out.empty() ? "" : ",") + text_of(item);
        return out.empty() ? "-" : out;
    }
    if (v.is_number_integer() && v.get<long long>() == 0) return "-"; // an unset limit
    return v.dump();
}

std::string asset_lines(const json& a) {
    std::vector<std::vector<std::string>> rows = {
        {"id", text_of(a.value("id", json()))},
        {"size", fmt::format("{}x{}", a.value("width", 0), a.value("height", 0))},
        {"format", text_of(a.value("format", json()))},
        {"roles", text_of(a.value("roles", json()))},
        {"maxWidth", text_of(a.value("maxWidth", json()))},
        {"openFullMax", text_of(a.value("openFullMax", json()))},
        {"openMaxWidth", text_of(a.value("openMaxWidth", json()))},
        {"title", text_of(a.value("title", json()))},
        {"origin", text_of(a.value("origin", json()))},
        {"updated", iso_time(a.value("updated", 0LL))},
        {"contentHash", text_of(a.value("contentHash", json()))}};
    std::string out;
    for (const auto& r : rows)
        out += fmt::format("{:<13} {}\n", r[0] + ":", r[1]);
    return out;
}

} // namespace

std::string iso_time(long long epoch_seconds) {
    if (epoch_seconds <= 0) return "-";
    std::chrono::sys_seconds t{std::chrono::seconds(epoch_seconds)};
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", t);
}

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (widths.size() <= c) widths.push_back(0);
            widths[c] = std::max(widths[c], row[c].size());
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 == row.size() ? row[c] : fmt::format("{:<{}}  ", row[c], widths[c]);
        out += line + "\n";
    }
    return out;
}

std::string format_admin_answer(const std::string& command, const json& answer) {
    if (answer.is_null()) return "done\n";
    if (answer.contains("assets")) {
        std::vector<std::vector<std::string>> rows = {{"ID", "SIZE", "FORMAT", "ROLES", "MAX WIDTH",
                                                       "OPEN FULL MAX", "OPEN MAX WIDTH", "UPDATED",
                                                       "TITLE"}};
        for (const auto& a : answer["assets"])
            rows.push_back({text_of(a.value("id", json())),
                            fmt::format("{}x{}", a.value("width", 0), a.value("height", 0)),
                            text_of(a.value("format", json())), text_of(a.value("roles", json())),
                            text_of(a.value("maxWidth", json())),
                            text_of(a.value("openFullMax", json())),
                            text_of(a.value("openMaxWidth", json())),
                            iso_time(a.value("updated", 0LL)), text_of(a.value("title", json()))});
        return format_table(rows) + fmt::format("{} assets\n", rows.size() - 1);
    }
    if (answer.contains("users")) {
        std::vector<std::vector<std::string>> rows = {{"NAME", "ROLES", "CREATED"}};
        for (const auto& u : answer["users"])
            rows.push_back({text_of(u.value("name", json())), text_of(u.value("roles", json())),
                            iso_time(u.value("created", 0LL))});
        return format_table(rows);
    }
    if (answer.contains("roles") && answer.size() == 1) {
        std::string out;
        for (const auto& r : answer["roles"])
            out += text_of(r) + "\n";
        return out.empty() ? "no roles\n" : out;
    }
    if (command == "user")
        return fmt::format("user {} saved, roles: {}\n", text_of(answer.value("name", json())),
                           text_of(answer.value("roles", json())));
    if (answer.contains("purged"))
        return answer["purged"].get<bool>() ? "derivative cache purged\n"
                                            : "no derivative cache to purge\n";
    if (answer.contains("id") && answer.contains("width")) return asset_lines(answer);
    return answer.dump(2) + "\n";
}

} // namespace pictor::app
