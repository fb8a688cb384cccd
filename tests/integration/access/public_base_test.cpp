// The canonical base URL (server.public_url, server.allowed_hosts): no answer ever names a host
// the operator did not configure, whatever the request's Host, X-Forwarded-Host or target
// says; answers whose URLs follow the Host say so (Vary: Host); under a path prefix every
// link is right.
#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/raw_http.h"

namespace pictor::test {
namespace {

constexpr const char* kAdmin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw

// Every route that writes an absolute URL into its body or headers.
const char* kUrlWriters[] = {
    "/iiif/3/photo.jpg",                            // 303 Location
    "/iiif/3/photo.jpg/info.json",                  // id
    "/iiif/2/photo.jpg/info.json",                  // @id
    "/iiif/3/photo.jpg/full/100,/0/default.jpg",    // Link: canonical
    "/iiif/3/portrait.jpg/info.json",               // auth service ids (restricted)
    "/auth/v2/probe/portrait.jpg",                  // probe result
    "/v1/file/photo.jpg/thumbnails",                // listing urls
    "/v1/file/photo.jpg",                           // file info urls
    "/iiif-img/1/1/photo.jpg/info.json",            // DLCS id
    "/iiif-img/v3/1/1/photo.jpg/info.json",         // DLCS 302
    "/thumbs/1/1/photo.jpg/info.json",              // DLCS thumbs id
    "/iiif/presentation/3/photo.jpg/manifest",      // manifest ids
    "/iiif/presentation/3/collection",              // collection ids
    "/api/display/photo.jpg?size=10&download=true", // display links
    "/",                                            // landing page
};

// Host header variants an attacker sends (each as the only Host unless it says otherwise).
struct Variant {
    const char* name;
    std::string headers; // the Host line(s) and any other header, each ending in \r\n
    std::string target_prefix = "";
};

std::vector<Variant> attacks() {
    return {
        {"other host", "Host: evil.example\r\n"},
        {"other host with port", "Host: evil.example:8080\r\n"},
        {"uppercase", "Host: EVIL.EXAMPLE\r\n"},
        {"trailing dot", "Host: evil.example.\r\n"},
        {"userinfo", "Host: images.example.org@evil.example\r\n"},
        {"spaces", "Host: evil.example images.example.org\r\n"},
        {"allowed then other", "Host: images.example.org\r\nHost: evil.example\r\n"},
        {"other then allowed", "Host: evil.example\r\nHost: images.example.org\r\n"},
        {"x-forwarded-host", "Host: images.example.org\r\nX-Forwarded-Host: evil.example\r\n"},
        {"x-forwarded-host list",
         "Host: images.example.org\r\nX-Forwarded-Host: evil.example, images.example.org\r\n"},
        {"x-forwarded-proto", "Host: images.example.org\r\nX-Forwarded-Proto: javascript\r\n"},
        {"forwarded", "Host: images.example.org\r\nForwarded: host=evil.example\r\n"},
        {"x-host", "Host: images.example.org\r\nX-Host: evil.example\r\n"},
        {"x-original-host", "Host: images.example.org\r\nX-Original-Host: evil.example\r\n"},
        {"absolute-form", "Host: images.example.org\r\n", "http://evil.example"},
        {"absolute-form, same host", "Host: evil.example\r\n", "http://images.example.org"},
        {"empty host", "Host: \r\n"},
        {"no host", ""},
        {"ipv6 literal", "Host: [::2]\r\n"},
        {"encoded", "Host: evil%2Eexample\r\n"},
    };
}

std::string request(const Variant& v, const std::string& path) {
    return "GET " + v.target_prefix + path + " HTTP/1.1\r\n" + v.headers +
           "Connection: close\r\n\r\n";
}

class PublicBase : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { root_ = std::make_unique<TempImageRoot>(); }
    static void TearDownTestSuite() { root_.reset(); }
    static void restrict_portrait(const ServerProcess& server) {
        std::string none, policy = R"({"roles":["staff"],"openFullMax":256})";
        http_request("PUT", server.url("/admin/roles/staff"), {kAdmin}, &none);
        http_request("PUT", server.url("/admin/assets/portrait.jpg/policy"), {kAdmin}, &policy);
    }
    static inline std::unique_ptr<TempImageRoot> root_;
};

TEST_F(PublicBase, NoAnswerNamesAHostTheOperatorDidNotConfigure) {
    for (bool fixed : {false, true}) {
        std::vector<std::string> settings = {"admin.user=admin", "admin.password=secret-pw",
                                             "server.trust_proxy=false"};
        if (fixed)
            settings.push_back("server.public_url=https://images.example.org");
        else
            settings.push_back("server.allowed_hosts=images.example.org");
        ServerProcess server(root_->path(), settings);
        restrict_portrait(server);
        std::string port = std::to_string(server.port());
        int answered = 0;
        for (const auto& v : attacks())
            for (const char* path : kUrlWriters) {
                SCOPED_TRACE(std::string(fixed ? "public_url, " : "allowed_hosts, ") + v.name +
                             ", " + path);
                std::string answer = raw_exchange(port, request(v, path));
                ASSERT_GT(answer.size(), 12u);
                EXPECT_EQ(answer.find("evil"), std::string::npos) << answer.substr(0, 600);
                EXPECT_EQ(answer.find("javascript"), std::string::npos);
                int status = std::stoi(answer.substr(9, 3));
                EXPECT_LT(status, 500);
                if (status < 400) {
                    ++answered;
                    // Whatever is answered names the configured host only.
                    EXPECT_EQ(answer.find("127.0.0.1"), std::string::npos) << answer.substr(0, 400);
                }
            }
        EXPECT_GT(answered, 0); // the variants that carry the allowed Host are answered
    }
}

TEST_F(PublicBase, WithoutPublicUrlOnlyAllowedHostsAreAnsweredAndAnswersVaryOnHost) {
    ServerProcess server(root_->path(), {"server.allowed_hosts=images.example.org"});
    std::string port = std::to_string(server.port());
    auto get = [&](const std::string& host, const std::string& path) {
        return raw_exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host +
                                      "\r\nConnection: close\r\n\r\n");
    };
    auto ok = get("images.example.org:8443", "/v1/file/photo.jpg/thumbnails");
    EXPECT_EQ(ok.substr(9, 3), "200");
    EXPECT_NE(ok.find("\"url\":\"http://images.example.org:8443/"), std::string::npos) << ok;
    EXPECT_NE(ok.find("Vary: Host"), std::string::npos) << ok.substr(0, 500);
    auto upper = get("IMAGES.Example.ORG", "/iiif/3/photo.jpg/info.json");
    EXPECT_NE(upper.find("http://images.example.org/iiif/3/photo.jpg"), std::string::npos);
    auto refused = get("evil.example", "/v1/file/photo.jpg/thumbnails");
    EXPECT_EQ(refused.substr(9, 3), "400");
    EXPECT_NE(refused.find("no-store"), std::string::npos);
    // Probes name whatever address they reach: the operator pages answer any host.
    EXPECT_EQ(get("10.1.2.3:8080", "/healthz").substr(9, 3), "200");
    EXPECT_EQ(get("10.1.2.3:8080", "/readyz").substr(9, 3), "200");
    // The default: loopback names only.
    ServerProcess plain(root_->path(), {});
    EXPECT_EQ(http_get(plain.url("/iiif/3/photo.jpg/info.json")).status, 200); // 127.0.0.1:port
    EXPECT_EQ(raw_status(std::to_string(plain.port()),
                         "GET /iiif/3/photo.jpg/info.json HTTP/1.1\r\nHost: localhost\r\n"
                         "Connection: close\r\n\r\n"),
              200);
    EXPECT_EQ(raw_status(std::to_string(plain.port()),
                         "GET /iiif/3/photo.jpg/info.json HTTP/1.1\r\nHost: images.example.org\r\n"
                         "Connection: close\r\n\r\n"),
              400);
}

TEST_F(PublicBase, ATrustedProxysForwardedHostMustBeAllowedToo) {
    ServerProcess server(root_->path(),
                         {"server.trust_proxy=true", "server.allowed_hosts=images.example.org"});
    std::string port = std::to_string(server.port());
    auto via_proxy = [&](const std::string& forwarded) {
        return raw_exchange(port, "GET /iiif/3/photo.jpg/info.json HTTP/1.1\r\nHost: "
                                  "127.0.0.1\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: " +
                                      forwarded + "\r\nConnection: close\r\n\r\n");
    };
    auto ok = via_proxy("images.example.org");
    EXPECT_NE(ok.find("\"id\": \"https://images.example.org/iiif/3/photo.jpg\""), std::string::npos)
        << ok;
    EXPECT_EQ(via_proxy("evil.example").substr(9, 3), "400");
}

TEST_F(PublicBase, UnderAPathPrefixEveryLinkIsRight) {
    ServerProcess server(root_->path(), {"server.public_url=https://example.org/images/",
                                         "admin.user=admin", "admin.password=secret-pw"});
    auto info = nlohmann::json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
    EXPECT_EQ(info["id"], "https://example.org/images/iiif/3/photo.jpg");
    auto redirect = http_get(server.url("/iiif/3/photo.jpg"));
    EXPECT_EQ(redirect.header("location"), "https://example.org/images/iiif/3/photo.jpg/info.json");
    auto image = http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg"));
    EXPECT_NE(image.header("link").find("<https://example.org/images/iiif/3/photo.jpg/full/"),
              std::string::npos)
        << image.header("link");
    EXPECT_EQ(image.header("vary").find("Host"), std::string::npos); // Host changes nothing
    auto manifest =
        nlohmann::json::parse(http_get(server.url("/iiif/presentation/3/photo.jpg/manifest")).body);
    EXPECT_EQ(manifest["id"], "https://example.org/images/iiif/presentation/3/photo.jpg/manifest");
    auto landing = http_get(server.url("/")).body;
    EXPECT_NE(landing.find("href=\"/images/openapi.json\""), std::string::npos);
    if (landing.find("<form") != std::string::npos) { // the viewer is installed
        EXPECT_NE(landing.find("action=\"/images/viewer\""), std::string::npos);
    }
    EXPECT_EQ(landing.find("href=\"/openapi.json\""), std::string::npos);
    // The viewer's page and its scripts are below the prefix.
    auto viewer = http_get(server.url("/viewer/photo.jpg"));
    if (viewer.status == 200) {
        EXPECT_NE(viewer.body.find("/images/ui/viewer.js"), std::string::npos);
        EXPECT_NE(viewer.body.find("data-info=\"/images/iiif/3/photo.jpg/info.json\""),
                  std::string::npos);
    }
}

TEST(PublicBaseSettings, BadSettingsStopTheStart) {
    TempImageRoot root;
    for (const char* setting :
         {"server.public_url=ftp://example.org", "server.public_url=https://",
          "server.public_url=https://example.org/?q=1", "server.public_url=not a url",
          "server.allowed_hosts=evil.example/path", "server.allowed_hosts=a@b"}) {
        std::string out;
        std::string key = std::string(setting).substr(0, std::string(setting).find('='));
        EXPECT_EQ(run_pictor("serve --images " + root.path().string() + " --port 0 --set '" +
                                 setting + "'",
                             &out),
                  2)
            << setting;
        EXPECT_NE(out.find(key), std::string::npos) << setting << ": " << out;
    }
}

} // namespace
} // namespace pictor::test
