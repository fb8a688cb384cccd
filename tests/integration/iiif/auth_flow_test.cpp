// IIIF Authorization Flow 2.0 driven by an HTTP client: login, token page, probe, image,
// logout; forged, expired and misused tokens; origins; kiosk and external access.
#include <filesystem>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class AuthFlow : public AccessServer {};

TEST_F(AuthFlow, FullAuthFlow) {
    std::string cookie = login("alice", "wonderland");
    ASSERT_FALSE(cookie.empty());
    auto [message, target] = token_page(cookie, std::string("messageId=m1&origin=") + kOrigin);
    EXPECT_EQ(target, kOrigin); // posted to the exact origin, never "*"
    ASSERT_EQ(message["type"], "AuthAccessToken2") << message.dump();
    EXPECT_EQ(message["messageId"], "m1");
    std::string token = message["accessToken"];
    EXPECT_NE(token, cookie);
    EXPECT_EQ(probe("s4.jpg", token)["status"], 200);
    EXPECT_EQ(get_as(cookie, "/iiif/3/s4.jpg/full/200,/0/default.jpg").status, 200);
    // Logout ends the session and its tokens.
    auto out = get_as(cookie, "/auth/v2/logout");
    EXPECT_EQ(out.status, 200);
    EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(get_as(cookie, "/iiif/3/s4.jpg/full/200,/0/default.jpg").status, 401);
    EXPECT_EQ(probe("s4.jpg", token)["status"], 401);
}

TEST_F(AuthFlow, CookieIsHttpOnlySecureSameSiteNone) {
    std::string form = "username=alice&password=wonderland";
    auto r = http_request("POST", server_->url("/auth/v2/access/active"), {}, &form);
    auto c = r.header("set-cookie");
    for (const char* attr : {"HttpOnly", "Secure", "SameSite=None", "Path=/"})
        EXPECT_NE(c.find(attr), std::string::npos) << attr;
    std::string wrong = "username=alice&password=nope";
    auto bad = http_request("POST", server_->url("/auth/v2/access/active"), {}, &wrong);
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(bad.header("set-cookie"), "");
    EXPECT_EQ(get_as("", "/auth/v2/access/active?origin=x").status, 200);
}

TEST_F(AuthFlow, ProbeStatusesAndSubstitute) {
    EXPECT_EQ(probe("s1.jpg", "")["status"], 200);
    auto anon = probe("s4.jpg", "");
    EXPECT_EQ(anon["status"], 401);
    EXPECT_EQ(anon["type"], "AuthProbeResult2");
    EXPECT_FALSE(anon.contains("substitute"));
    auto s8 = probe("s8.jpg", "");
    EXPECT_EQ(s8["status"], 401);
    EXPECT_EQ(s8["substitute"][0]["id"], server_->url("/iiif/3/s8.jpg/substitute"));
    EXPECT_EQ(probe("missing.jpg", "")["status"], 404);
}

TEST_F(AuthFlow, ForgedCrossAssetAndMisusedTokens) {
    EXPECT_EQ(probe("s4.jpg", "t." + std::string(64, 'a'))["status"], 401); // forged
    EXPECT_EQ(probe("s4.jpg", "garbage")["status"], 401);
    EXPECT_EQ(probe("s4.jpg", alice_)["status"], 401); // the cookie is not a token
    auto [message, target] = token_page(bob_, std::string("messageId=b&origin=") + kOrigin);
    std::string bobs = message["accessToken"];
    EXPECT_EQ(probe("s4.jpg", bobs)["status"], 403); // valid token, wrong role
    EXPECT_EQ(probe("s1.jpg", bobs)["status"], 200);
    // A token is no cookie either.
    EXPECT_EQ(get_as(bobs, "/iiif/3/s4.jpg/full/200,/0/default.jpg").status, 401);
}

TEST_F(AuthFlow, TokenServiceErrorProfiles) {
    auto profile = [](const std::string& cookie, const std::string& query) {
        return token_page(cookie, query).first.value("profile", "");
    };
    EXPECT_EQ(profile(alice_, "origin=https://viewer.example"), "invalidRequest");
    EXPECT_EQ(profile(alice_, "messageId=1"), "invalidRequest");
    EXPECT_EQ(profile(alice_, "messageId=1&origin=https://evil.example"), "invalidOrigin");
    EXPECT_EQ(profile(alice_, "messageId=1&origin=https://viewer.example/path"), "invalidOrigin");
    EXPECT_EQ(profile("", "messageId=1&origin=https://viewer.example"), "missingAspect");
    EXPECT_EQ(profile("s." + std::string(64, 'b'), "messageId=1&origin=https://viewer.example"),
              "invalidAspect");
    // The wrong origin gets no token, whatever the session.
    auto [message, target] = token_page(alice_, "messageId=1&origin=https://evil.example");
    EXPECT_FALSE(message.contains("accessToken"));
}

TEST(AccessNetworks, KioskAndExternalAccessServices) {
    TempImageRoot root;
    ServerProcess server(root.path(),
                         {"admin.user=admin", "admin.password=secret-pw", "auth.kiosk_roles=staff",
                          "auth.kiosk_networks=127.0.0.0/8", "auth.external_roles=lab",
                          "auth.external_networks=10.0.0.0/8"});
    auto put = [&](const std::string& path, const std::string& body) {
        return http_request("PUT", server.url(path), {admin_auth()}, &body).status;
    };
    ASSERT_EQ(put("/admin/roles/staff", ""), 204);
    ASSERT_EQ(put("/admin/roles/lab", ""), 204);
    ASSERT_EQ(put("/admin/assets/photo.jpg/policy", R"({"roles":["staff"]})"), 200);
    ASSERT_EQ(put("/admin/assets/portrait.jpg/policy", R"({"roles":["lab"]})"), 200);
    auto info = json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
    auto access = info["service"][0]["service"];
    ASSERT_EQ(access.size(), 3u);
    EXPECT_EQ(access[0]["profile"], "external");
    EXPECT_EQ(access[1]["profile"], "kiosk");
    EXPECT_EQ(access[2]["profile"], "active");
    // Kiosk: no interaction, a session with the kiosk roles for a client on 127.0.0.0/8.
    auto kiosk = http_get(server.url("/auth/v2/access/kiosk"));
    ASSERT_EQ(kiosk.status, 200);
    std::smatch m;
    std::string set = kiosk.header("set-cookie");
    ASSERT_TRUE(std::regex_search(set, m, std::regex("pictor_session=([^;]+)")));
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg"),
                       {"Cookie: pictor_session=" + std::string(m[1])})
                  .status,
              200);
    // External: only clients on 10.0.0.0/8 hold "lab"; this one does not.
    EXPECT_EQ(http_get(server.url("/iiif/3/portrait.jpg/full/100,/0/default.jpg")).status, 401);
}

TEST(AccessNetworks, ExternalAspectFromTheClientNetwork) {
    TempImageRoot root;
    ServerProcess server(root.path(),
                         {"admin.user=admin", "admin.password=secret-pw", "auth.external_roles=lab",
                          "auth.external_networks=127.0.0.1/32"});
    std::string role, policy = R"({"roles":["lab"]})";
    ASSERT_EQ(http_request("PUT", server.url("/admin/roles/lab"), {admin_auth()}, &role).status,
              204);
    ASSERT_EQ(
        http_request("PUT", server.url("/admin/assets/photo.jpg/policy"), {admin_auth()}, &policy)
            .status,
        200);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).status, 200);
    auto page = http_get(server.url("/auth/v2/token?messageId=1&origin=https://a.example"));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"re("accessToken":"([^"]+)")re")));
    auto probe = http_get(server.url("/auth/v2/probe/photo.jpg"),
                          {"Authorization: Bearer " + std::string(m[1])});
    EXPECT_EQ(json::parse(probe.body)["status"], 200);
    // Kiosk is off here.
    EXPECT_EQ(http_get(server.url("/auth/v2/access/kiosk")).status, 403);
}

// Behind a proxy, the client is the proxy's word for it (the right-most X-Forwarded-For entry),
// never what the client wrote to the left of it; the access log names it.
TEST(AccessNetworks, ASpoofedForwardedForGetsNoKioskAccess) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.trust_proxy=true", "auth.kiosk_roles=staff",
                                       "auth.kiosk_networks=10.9.9.0/24"});
    auto kiosk = [&](const std::string& forwarded) {
        return http_get(server.url("/auth/v2/access/kiosk"), {"X-Forwarded-For: " + forwarded})
            .status;
    };
    EXPECT_EQ(kiosk("10.9.9.9, 203.0.113.7"), 403); // the client wrote 10.9.9.9 itself
    EXPECT_EQ(kiosk("10.9.9.9"), 200);              // the proxy says the client is 10.9.9.9
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (server.log().find("\"remote\":\"203.0.113.7\"") == std::string::npos &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_NE(server.log().find("\"remote\":\"203.0.113.7\""), std::string::npos);

    // A chain: the listed proxies are skipped from the right; a peer not listed is believed
    // about nothing.
    ServerProcess chained(root.path(), {"server.trust_proxy=true", "auth.kiosk_roles=staff",
                                        "auth.kiosk_networks=10.9.9.0/24",
                                        "server.trusted_proxies=127.0.0.1/32 192.0.2.0/24"});
    EXPECT_EQ(
        http_get(chained.url("/auth/v2/access/kiosk"), {"X-Forwarded-For: 10.9.9.9, 192.0.2.5"})
            .status,
        200);
    ServerProcess untrusted(root.path(), {"server.trust_proxy=true", "auth.kiosk_roles=staff",
                                          "auth.kiosk_networks=10.9.9.0/24",
                                          "server.trusted_proxies=192.0.2.0/24"});
    EXPECT_EQ(
        http_get(untrusted.url("/auth/v2/access/kiosk"), {"X-Forwarded-For: 10.9.9.9"}).status,
        403);
}

TEST(AccessExpiry, ExpiredSessionAndToken) {
    TempImageRoot root;
    ServerProcess server(root.path(),
                         {"admin.user=admin", "admin.password=secret-pw", "auth.kdf_cost=10",
                          "auth.session_ttl_s=2", "auth.token_ttl_s=1"});
    auto put = [&](const std::string& path, const std::string& body) {
        return http_request("PUT", server.url(path), {admin_auth()}, &body).status;
    };
    ASSERT_EQ(put("/admin/roles/staff", ""), 204);
    ASSERT_EQ(put("/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})"), 200);
    ASSERT_EQ(put("/admin/assets/photo.jpg/policy", R"({"roles":["staff"]})"), 200);
    std::string form = "username=alice&password=wonderland";
    auto r = http_request("POST", server.url("/auth/v2/access/active"), {}, &form);
    std::smatch m;
    std::string set = r.header("set-cookie");
    ASSERT_TRUE(std::regex_search(set, m, std::regex("pictor_session=([^;]+)")));
    std::string cookie = m[1];
    auto page = http_get(server.url("/auth/v2/token?messageId=1&origin=https://a.example"),
                         {"Cookie: pictor_session=" + cookie});
    ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"re("accessToken":"([^"]+)")re")));
    std::string token = m[1];
    std::this_thread::sleep_for(std::chrono::milliseconds(2300));
    auto probe =
        http_get(server.url("/auth/v2/probe/photo.jpg"), {"Authorization: Bearer " + token});
    EXPECT_EQ(json::parse(probe.body)["status"], 401); // expired token
    auto again = http_get(server.url("/auth/v2/token?messageId=2&origin=https://a.example"),
                          {"Cookie: pictor_session=" + cookie});
    EXPECT_NE(again.body.find("expiredAspect"), std::string::npos);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg"),
                       {"Cookie: pictor_session=" + cookie})
                  .status,
              401);
}
} // namespace
} // namespace pictor::test
