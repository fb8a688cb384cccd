// IIIF Authentication 1.0 as its clients (Mirador 3/4, the Universal Viewer) run it, over HTTP:
// the services they read in a 401 info.json (every one with a `profile`), the degraded image
// service that 401 body describes, the login window, the token service (HTML postMessage with
// messageId, JSON without), the token as Bearer on info.json and images, logout; and each
// version switched off.
#include <regex>

#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

constexpr const char* kLogin = "http://iiif.io/api/auth/1/login";

class Auth1Flow : public AccessServer {
  protected:
    static HttpResponse with_token(const std::string& token, const std::string& path) {
        return http_get(server_->url(path), {"Authorization: Bearer " + token});
    }
    // The Auth 1.0 token service's JSON answer (no messageId: a non-browser client).
    static json token_json(const std::string& cookie) {
        auto r = get_as(cookie, "/auth/v1/token");
        return json::parse(r.body);
    }
    static json service_with_profile(const json& info, const std::string& profile) {
        for (const auto& s : info["service"])
            if (s.value("profile", "") == profile) return s;
        return nullptr;
    }
};

TEST_F(Auth1Flow, EveryServiceInARestrictedInfoJsonHasAProfile) {
    for (const char* version : {"3", "2"}) {
        auto r = get_as("", std::string("/iiif/") + version + "/s4.jpg/info.json");
        ASSERT_EQ(r.status, 401);
        auto info = json::parse(r.body);
        // Mirador 4 reads getProfile().match(...) of every service: none may lack one.
        std::function<void(const json&)> check = [&](const json& services) {
            for (const auto& s : services) {
                EXPECT_TRUE(s.contains("profile") && s["profile"].is_string()) << s.dump();
                if (s.contains("service")) check(s["service"]);
            }
        };
        check(info["service"]);
        auto login = service_with_profile(info, kLogin);
        ASSERT_FALSE(login.is_null()) << r.body;
        EXPECT_EQ(login.value("@id", ""), server_->url("/auth/v1/login"));
        EXPECT_EQ(login["header"], "This image is restricted");
        EXPECT_TRUE(login.contains("confirmLabel") && login.contains("description"));
        json nested = login["service"];
        ASSERT_EQ(nested.size(), 2u);
        EXPECT_EQ(nested[0]["profile"], "http://iiif.io/api/auth/1/token");
        EXPECT_EQ(nested[0]["@id"], server_->url("/auth/v1/token"));
        EXPECT_EQ(nested[1]["profile"], "http://iiif.io/api/auth/1/logout");
        if (std::string(version) == "3") {
            EXPECT_EQ(login["@type"], "AuthCookieService1");
            EXPECT_FALSE(login.contains("@context"));
        } else {
            EXPECT_EQ(login["@context"], "http://iiif.io/api/auth/1/context.json");
        }
    }
}

TEST_F(Auth1Flow, The401BodyDescribesWhatIsOpen) {
    // openFullMax 400 (s6), openMaxWidth 512 (s8), both (s10): the service itself, whose
    // coarsest tile level and every listed size anyone may fetch.
    for (const char* id : {"s6.jpg", "s8.jpg", "s10.jpg"}) {
        for (const char* version : {"3", "2"}) {
            std::string what = std::string(id) + " " + version;
            auto r = get_as("", std::string("/iiif/") + version + "/" + id + "/info.json");
            ASSERT_EQ(r.status, 401) << what;
            auto info = json::parse(r.body);
            std::string base = info.value("id", info.value("@id", ""));
            EXPECT_EQ(base, server_->url(std::string("/iiif/") + version + "/" + id)) << what;
            EXPECT_FALSE(service_with_profile(info, kLogin).is_null()) << what;
            int coarsest = info["tiles"][0]["scaleFactors"].back();
            int w = (6000 + coarsest - 1) / coarsest, h = (4000 + coarsest - 1) / coarsest;
            auto level = http_get(base + "/full/" + std::to_string(w) + "," + std::to_string(h) +
                                  "/0/default.jpg");
            EXPECT_EQ(level.status, 200) << what << ": the coarsest level " << w << "x" << h;
            int widest = 0;
            for (const auto& s : info["sizes"]) {
                int sw = s["width"], sh = s["height"];
                widest = std::max(widest, sw);
                auto url = base + "/full/" + std::to_string(sw) + "," + std::to_string(sh) +
                           "/0/default.jpg";
                EXPECT_EQ(http_get(url).status, 200) << what << ": " << url;
            }
            EXPECT_EQ(widest, std::string(id) == "s6.jpg" ? 400 : 512) << what;
            // A finer tile is still closed.
            EXPECT_EQ(http_get(base + "/0,0,512,512/512,/0/default.jpg").status, 401) << what;
        }
    }
    // Nothing open: the service itself, as it is.
    auto s4 = json::parse(get_as("", "/iiif/3/s4.jpg/info.json").body);
    EXPECT_EQ(s4["id"], server_->url("/iiif/3/s4.jpg"));
    EXPECT_EQ(s4["tiles"][0]["scaleFactors"].back(), 16);
    // The viewer with the role gets the full description.
    auto full = get_as(alice_, "/iiif/3/s8.jpg/info.json");
    EXPECT_EQ(full.status, 200);
    auto doc = json::parse(full.body);
    EXPECT_EQ(doc["tiles"][0]["scaleFactors"].back(), 16);
    EXPECT_EQ(doc["maxWidth"], 10000);
}

TEST_F(Auth1Flow, LoginTokenBearerLogout) {
    // The login window (the same page and sessions as Auth 2.0).
    EXPECT_EQ(get_as("", "/auth/v1/login?origin=" + std::string(kOrigin)).status, 200);
    std::string form = "username=alice&password=wonderland";
    auto login = http_request("POST", server_->url("/auth/v1/login"), {}, &form);
    ASSERT_EQ(login.status, 200);
    std::smatch m;
    std::string set_cookie = login.header("set-cookie");
    ASSERT_TRUE(std::regex_search(set_cookie, m, std::regex("pictor_session=([^;]+)")));
    std::string cookie = m[1];

    // A browser client: messageId and origin, a page posting to exactly that origin.
    auto page = get_as(cookie, "/auth/v1/token?messageId=42&origin=" + std::string(kOrigin));
    ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(postMessage\((\{.*\}), (".*")\);)")));
    auto message = json::parse(std::string(m[1]));
    EXPECT_EQ(json::parse(std::string(m[2])), kOrigin);
    EXPECT_EQ(message["messageId"], "42");
    EXPECT_EQ(message["expiresIn"], 300);
    std::string token = message["accessToken"];

    // The token as Bearer: info.json and images of the asset, privately.
    auto info = with_token(token, "/iiif/3/s4.jpg/info.json");
    EXPECT_EQ(info.status, 200);
    EXPECT_NE(info.header("cache-control").find("private"), std::string::npos);
    auto tile = with_token(token, "/iiif/3/s4.jpg/0,0,512,512/256,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 256);
    EXPECT_NE(tile.header("vary").find("Authorization"), std::string::npos);
    EXPECT_NE(tile.header("cache-control").find("private"), std::string::npos);
    EXPECT_EQ(with_token(token, "/iiif/2/s4.jpg/info.json").status, 200);

    // A non-browser client: JSON.
    auto plain = token_json(cookie);
    EXPECT_TRUE(plain.contains("accessToken") && !plain.contains("messageId")) << plain.dump();

    // Logout (Auth 1.0's service) ends the session and every token of it.
    EXPECT_EQ(get_as(cookie, "/auth/v1/logout").status, 200);
    EXPECT_EQ(with_token(token, "/iiif/3/s4.jpg/info.json").status, 401);
    EXPECT_EQ(with_token(plain["accessToken"], "/iiif/3/s4.jpg/full/200,/0/default.jpg").status,
              401);
}

TEST_F(Auth1Flow, AnotherSitesFormCannotLogAnyoneIn) {
    std::string form = "username=alice&password=wonderland";
    for (const std::string& header :
         {std::string("Sec-Fetch-Site: cross-site"), std::string("Sec-Fetch-Site: same-site"),
          std::string("Origin: https://attacker.example")}) {
        for (const char* path : {"/auth/v1/login", "/auth/v2/access/active"}) {
            auto r = http_request("POST", server_->url(path), {header}, &form);
            EXPECT_EQ(r.status, 403) << path << " " << header;
            EXPECT_EQ(r.header("set-cookie"), "") << path << " " << header;
        }
    }
    // The login page's own form: same-origin.
    auto own = http_request("POST", server_->url("/auth/v1/login"),
                            {"Sec-Fetch-Site: same-origin", "Origin: " + server_->url("")}, &form);
    EXPECT_EQ(own.status, 200);
    EXPECT_NE(own.header("set-cookie"), "");
}

TEST_F(Auth1Flow, TheLoginWindowClosesAtOnceForALiveSession) {
    auto form = get_as("", "/auth/v1/login?origin=" + std::string(kOrigin));
    EXPECT_NE(form.body.find("<form"), std::string::npos);
    auto live = get_as(alice_, "/auth/v1/login?origin=" + std::string(kOrigin));
    EXPECT_EQ(live.status, 200);
    EXPECT_EQ(live.body.find("<form"), std::string::npos) << live.body;
    EXPECT_NE(live.body.find("window.close()"), std::string::npos);
    auto dead = get_as("s.unknown-session", "/auth/v2/access/active");
    EXPECT_NE(dead.body.find("<form"), std::string::npos);
}

TEST_F(Auth1Flow, WrongRoleForgedAndMissingTokens) {
    auto bobs = token_json(bob_)["accessToken"].get<std::string>();
    EXPECT_EQ(with_token(bobs, "/iiif/3/s4.jpg/info.json").status, 403);
    EXPECT_EQ(with_token(bobs, "/iiif/3/s4.jpg/0,0,512,512/256,/0/default.jpg").status, 403);
    EXPECT_EQ(with_token(bobs, "/iiif/3/s1.jpg/info.json").status, 200); // an open asset
    for (const std::string& forged : {"t." + std::string(64, 'a'), std::string("garbage"), alice_})
        EXPECT_EQ(with_token(forged, "/iiif/3/s4.jpg/info.json").status, 401) << forged;

    // The token service's errors, in JSON and as messages.
    auto none = get_as("", "/auth/v1/token");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(json::parse(none.body)["error"], "missingCredentials");
    EXPECT_EQ(json::parse(get_as("s.bogus", "/auth/v1/token").body)["error"], "invalidCredentials");
    auto page = get_as(alice_, "/auth/v1/token?messageId=1&origin=https://elsewhere.example");
    EXPECT_NE(page.body.find("invalidOrigin"), std::string::npos) << page.body;
    EXPECT_EQ(page.body.find("accessToken"), std::string::npos) << page.body;
    auto no_origin = get_as(alice_, "/auth/v1/token?messageId=1");
    EXPECT_NE(no_origin.body.find("invalidRequest"), std::string::npos);
}

TEST(Auth1Settings, EitherVersionCanBeTurnedOff) {
    TempImageRoot root;
    auto policy = [](ServerProcess& server) {
        auto auth = std::string("Authorization: Basic YWRtaW46c2VjcmV0LXB3");
        std::string role, p = R"({"roles":["staff"]})";
        http_request("PUT", server.url("/admin/roles/staff"), {auth}, &role);
        http_request("PUT", server.url("/admin/assets/photo.jpg/policy"), {auth}, &p);
    };
    for (bool v1 : {false, true}) {
        ServerProcess server(root.path(),
                             {"admin.user=admin", "admin.password=secret-pw",
                              std::string("auth.iiif_auth_1=") + (v1 ? "true" : "false"),
                              std::string("auth.iiif_auth_2=") + (v1 ? "false" : "true")});
        policy(server);
        auto info = json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
        std::string services = info["service"].dump();
        EXPECT_EQ(services.find("AuthProbeService2") != std::string::npos, !v1) << services;
        EXPECT_EQ(services.find(kLogin) != std::string::npos, v1) << services;
        EXPECT_EQ(http_get(server.url("/auth/v1/token")).status, v1 ? 401 : 404);
        EXPECT_EQ(http_get(server.url("/auth/v2/probe/photo.jpg")).status, v1 ? 404 : 200);
        // 3.0's @context names Auth 2.0's only when its services are listed.
        EXPECT_EQ(info["@context"].is_array(), !v1) << info["@context"].dump();
    }
}

TEST(Auth1Settings, KioskAndExternalServicesAsAuth1ClientsUseThem) {
    TempImageRoot root;
    auto admin = std::string("Authorization: Basic YWRtaW46c2VjcmV0LXB3");
    std::string none, policy = R"({"roles":["lab"]})";
    // Kiosk: the client opens the service (no interaction), then asks the token service.
    {
        ServerProcess server(root.path(),
                             {"admin.user=admin", "admin.password=secret-pw",
                              "auth.kiosk_roles=lab", "auth.kiosk_networks=127.0.0.0/8"});
        http_request("PUT", server.url("/admin/roles/lab"), {admin}, &none);
        http_request("PUT", server.url("/admin/assets/photo.jpg/policy"), {admin}, &policy);
        auto info = json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
        std::string services = info["service"].dump();
        EXPECT_NE(services.find("http://iiif.io/api/auth/1/kiosk"), std::string::npos) << services;
        auto kiosk = http_get(server.url("/auth/v1/kiosk"));
        ASSERT_EQ(kiosk.status, 200);
        std::smatch m;
        std::string set_cookie = kiosk.header("set-cookie");
        ASSERT_TRUE(std::regex_search(set_cookie, m, std::regex("pictor_session=([^;]+)")));
        auto token = json::parse(
            http_get(server.url("/auth/v1/token"), {"Cookie: pictor_session=" + std::string(m[1])})
                .body);
        ASSERT_TRUE(token.contains("accessToken")) << token.dump();
        EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/info.json"),
                           {"Authorization: Bearer " + token["accessToken"].get<std::string>()})
                      .status,
                  200);
    }
    // External: no window at all; the token service answers for the client's network.
    {
        ServerProcess server(root.path(),
                             {"admin.user=admin", "admin.password=secret-pw",
                              "auth.external_roles=lab", "auth.external_networks=127.0.0.1/32"});
        http_request("PUT", server.url("/admin/roles/lab"), {admin}, &none);
        http_request("PUT", server.url("/admin/assets/photo.jpg/policy"), {admin}, &policy);
        auto info = json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
        EXPECT_NE(info["service"].dump().find("http://iiif.io/api/auth/1/external"),
                  std::string::npos);
        auto token = json::parse(http_get(server.url("/auth/v1/token")).body);
        ASSERT_TRUE(token.contains("accessToken")) << token.dump();
        EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/0,0,512,512/256,/0/default.jpg"),
                           {"Authorization: Bearer " + token["accessToken"].get<std::string>()})
                      .status,
                  200);
    }
}

TEST(Auth1Settings, ClickthroughGrantsItsRolesToWhoeverAccepts) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"admin.user=admin", "admin.password=secret-pw",
                                       "auth.clickthrough_roles=readers",
                                       "auth.clickthrough_terms=Be kind to the archive."});
    auto admin = std::string("Authorization: Basic YWRtaW46c2VjcmV0LXB3");
    std::string none, policy = R"({"roles":["readers"]})";
    http_request("PUT", server.url("/admin/roles/readers"), {admin}, &none);
    http_request("PUT", server.url("/admin/assets/photo.jpg/policy"), {admin}, &policy);
    auto info = json::parse(http_get(server.url("/iiif/3/photo.jpg/info.json")).body);
    std::string services = info["service"].dump();
    EXPECT_NE(services.find(server.url("/auth/v1/clickthrough")), std::string::npos) << services;
    EXPECT_NE(services.find("http://iiif.io/api/auth/1/clickthrough"), std::string::npos);
    EXPECT_NE(services.find(server.url("/auth/v2/access/clickthrough")), std::string::npos);
    EXPECT_NE(services.find("Be kind to the archive."), std::string::npos);
    for (const char* path : {"/auth/v1/clickthrough", "/auth/v2/access/clickthrough"}) {
        auto page = http_get(server.url(path));
        EXPECT_NE(page.body.find("Be kind to the archive."), std::string::npos);
        EXPECT_NE(page.body.find("method=\"post\""), std::string::npos);
        std::string empty;
        EXPECT_EQ(
            http_request("POST", server.url(path), {"Sec-Fetch-Site: cross-site"}, &empty).status,
            403);
        auto accept = http_request("POST", server.url(path), {}, &empty);
        ASSERT_EQ(accept.status, 200);
        std::smatch m;
        std::string cookie = accept.header("set-cookie");
        ASSERT_TRUE(std::regex_search(cookie, m, std::regex("pictor_session=([^;]+)")));
        auto image = http_get(server.url("/iiif/3/photo.jpg/0,0,512,512/256,/0/default.jpg"),
                              {"Cookie: pictor_session=" + std::string(m[1])});
        EXPECT_EQ(image.status, 200) << path;
    }
    // Without the setting there is no clickthrough service.
    ServerProcess plain(root.path(), {});
    EXPECT_EQ(http_get(plain.url("/auth/v1/clickthrough")).status, 404);
}

} // namespace
} // namespace pictor::test
