// docs/tls.md's setup, run: Debian's nginx with TLS in front of pictor on loopback, configured by
// the very file docs/examples/nginx-tls.conf (its placeholders filled with loopback ports and a
// self-signed certificate made here with openssl). Over https, IIIF ids and auth services name
// https URLs, plain http redirects, and the IIIF Auth 2.0 login flow (login, token page, then
// the restricted image) works with the Secure session cookie.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

class TlsProxy : public ::testing::Test {
  protected:
    void SetUp() override {
        work_ = make_temp_dir("tls");
        // A self-signed certificate for 127.0.0.1, trusted by this test's client only.
        std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=pictor-test"
                          " -addext subjectAltName=IP:127.0.0.1 -keyout " +
                          (work_ / "key.pem").string() + " -out " + (work_ / "cert.pem").string() +
                          " > " + (work_ / "openssl.log").string() + " 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << read_bytes(work_ / "openssl.log");
        trust_certificate((work_ / "cert.pem").string());

        server_ = std::make_unique<ServerProcess>(
            root_.path(), std::vector<std::string>{
                              "server.trust_proxy=true", "server.trusted_proxies=127.0.0.1/32",
                              "admin.user=admin", "admin.password=secret-pw", "auth.kdf_cost=10",
                              "auth.prerender_thumbnails=false"});
        auto admin = [&](const std::string& path, const std::string& body) {
            return http_request("PUT", server_->url(path),
                                {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"}, &body)
                .status;
        };
        ASSERT_EQ(admin("/admin/roles/staff", ""), 204);
        ASSERT_EQ(admin("/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})"),
                  200);
        ASSERT_EQ(admin("/admin/assets/photo.jpg/policy", R"({"roles":["staff"]})"), 200);

        start_nginx();
    }
    void TearDown() override {
        trust_certificate("");
        terminate_and_wait(nginx_);
        server_.reset();
        fs::remove_all(work_);
    }

    void start_nginx() {
        https_port_ = free_loopback_port();
        http_port_ = free_loopback_port();
        std::ifstream in(std::string(PICTOR_DOCS_DIR) + "/examples/nginx-tls.conf");
        std::string site((std::istreambuf_iterator<char>(in)), {});
        ASSERT_FALSE(site.empty());
        site = replace_all(site, "@PICTOR@", "127.0.0.1:" + std::to_string(server_->port()));
        site = replace_all(site, "@HTTP_LISTEN@", "127.0.0.1:" + std::to_string(http_port_));
        site = replace_all(site, "@LISTEN@", "127.0.0.1:" + std::to_string(https_port_));
        site = replace_all(site, "@CERT@", (work_ / "cert.pem").string());
        site = replace_all(site, "@KEY@", (work_ / "key.pem").string());
        ASSERT_FALSE(std::regex_search(site, std::regex("^[^#\n]*@", std::regex::multiline)))
            << "a placeholder is left:\n"
            << site;
        std::ofstream(work_ / "pictor-site.conf") << site;
        // What Debian's /etc/nginx/nginx.conf provides around a site, in this test's folder.
        std::string w = work_.string();
        std::ofstream(work_ / "nginx.conf")
            << (::geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nworker_processes 1;\n"
            << "pid " << w << "/nginx.pid;\nerror_log " << w << "/error.log info;\n"
            << "events { worker_connections 256; }\nhttp {\n  access_log " << w
            << "/access.log;\n  client_body_temp_path " << w << "/body;\n  proxy_temp_path " << w
            << "/proxy;\n  fastcgi_temp_path " << w << "/fastcgi;\n  uwsgi_temp_path " << w
            << "/uwsgi;\n  scgi_temp_path " << w << "/scgi;\n  include " << w
            << "/pictor-site.conf;\n}\n";
        nginx_ =
            spawn_logged({"/usr/sbin/nginx", "-p", w, "-c", w + "/nginx.conf"}, work_ / "stderr");
        for (int i = 0; i < 400; ++i) {
            if (http_get(https("/healthz")).status == 200) return;
            int status = 0;
            if (::waitpid(nginx_, &status, WNOHANG) == nginx_) {
                nginx_ = -1;
                FAIL() << "nginx exited: " << read_bytes(work_ / "stderr")
                       << read_bytes(work_ / "error.log");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        FAIL() << "nginx did not answer over TLS: " << read_bytes(work_ / "error.log");
    }
    std::string https(const std::string& path) const {
        return "https://127.0.0.1:" + std::to_string(https_port_) + path;
    }

    TempImageRoot root_;
    fs::path work_;
    std::unique_ptr<ServerProcess> server_;
    pid_t nginx_ = -1;
    int https_port_ = 0, http_port_ = 0;
};

TEST_F(TlsProxy, IiifAuthLoginFlowWorksThroughNginxWithTls) {
    std::string base = https("/iiif/3/photo.jpg");
    // A restricted image: 401 over https, its services named with https URLs.
    auto info = http_get(base + "/info.json");
    ASSERT_EQ(info.status, 401) << info.body;
    auto doc = json::parse(info.body);
    EXPECT_EQ(doc["id"], base);
    std::string services = doc["service"].dump();
    EXPECT_NE(services.find(https("/auth/v2/access/active")), std::string::npos) << services;
    // Every service address is https (the Auth 1.0 profiles are http://iiif.io/ names).
    EXPECT_EQ(services.find("http://127."), std::string::npos) << services;
    EXPECT_NE(services.find(https("/auth/v1/login")), std::string::npos) << services;
    EXPECT_NE(info.header("strict-transport-security"), "");
    EXPECT_TRUE(std::regex_match(info.header("x-request-id"), std::regex("[0-9a-f]{32}")))
        << info.header("x-request-id"); // nginx's $request_id, kept by pictor

    // Login: the Secure session cookie comes back over https.
    std::string form = "username=alice&password=wonderland";
    auto login = http_request("POST", https("/auth/v2/access/active"), {}, &form);
    std::string cookie = login.header("set-cookie");
    EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(cookie, m, std::regex("pictor_session=([^;]+)"))) << cookie;
    std::string session = "Cookie: pictor_session=" + std::string(m[1]);

    // The token service hands the viewer a token for its origin; the image opens.
    auto token =
        http_get(https("/auth/v2/token?messageId=1&origin=https://viewer.example"), {session});
    ASSERT_EQ(token.status, 200);
    std::smatch posted;
    ASSERT_TRUE(std::regex_search(token.body, posted, std::regex(R"(postMessage\((\{.*\}), )")))
        << token.body;
    auto message = json::parse(std::string(posted[1]));
    ASSERT_EQ(message["type"], "AuthAccessToken2") << message.dump();
    // The probe, as a viewer calls it with the token: the image is now accessible.
    auto probe =
        json::parse(http_get(https("/auth/v2/probe/photo.jpg"),
                             {"Authorization: Bearer " + message["accessToken"].get<std::string>()})
                        .body);
    EXPECT_EQ(probe["status"], 200) << probe.dump();
    auto image = http_get(base + "/full/200,/0/default.jpg", {session});
    ASSERT_EQ(image.status, 200);
    EXPECT_EQ(decode(image.body).width, 200);
    EXPECT_EQ(http_get(base + "/full/200,/0/default.jpg").status, 401); // not without the login

    // Plain http only redirects to https.
    auto plain =
        http_get("http://127.0.0.1:" + std::to_string(http_port_) + "/iiif/3/photo.jpg/info.json");
    EXPECT_EQ(plain.status, 301);
    EXPECT_EQ(plain.header("location").rfind("https://127.0.0.1", 0), 0u)
        << plain.header("location");
}

} // namespace
} // namespace pictor::test
