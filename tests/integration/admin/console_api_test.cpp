// The admin API's routes for the admin console: sign-in sessions (admin.user or a user holding
// admin.role), bearer tokens, cross-site refusals, "as seen by" answering exactly what the
// visitor it stands for gets, asset search and paging, actions, preview keys, metrics.
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"
#include "integration/converter/converter_fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

class ConsoleApi : public AccessServer {
  protected:
    static HttpResponse sign_in(const std::string& user, const std::string& password,
                                std::vector<std::string> headers = {}) {
        std::string body = json{{"user", user}, {"password", password}}.dump();
        headers.push_back("Content-Type: application/json");
        return http_request("POST", server_->url("/admin/session"), headers, &body);
    }
    // "As seen by" viewers with the session cookie of a real visitor of that kind.
    static std::vector<std::pair<std::string, std::string>> visitors() {
        return {{"anonymous", ""}, {"role:staff", alice_}, {"role:other", bob_}};
    }
    static std::string token_of(const HttpResponse& r) {
        return json::parse(r.body).value("token", "");
    }
    static HttpResponse with_token(const std::string& method, const std::string& token,
                                   const std::string& path, std::vector<std::string> headers = {},
                                   const std::string* body = nullptr) {
        headers.push_back("Authorization: Bearer " + token);
        return http_request(method, server_->url(path), headers, body);
    }
};

TEST_F(ConsoleApi, SignInGivesABearerTokenUntilSignOut) {
    EXPECT_EQ(sign_in("admin", "wrong").status, 401);
    EXPECT_EQ(sign_in("nobody", "secret-pw").status, 401);
    std::string bad = "not json";
    EXPECT_EQ(http_request("POST", server_->url("/admin/session"), {}, &bad).status, 400);

    auto r = sign_in("admin", "secret-pw");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("cache-control"), "no-store");
    std::string token = token_of(r);
    ASSERT_EQ(token.size(), 66u);
    EXPECT_EQ(json::parse(with_token("GET", token, "/admin/session").body)["user"], "admin");
    EXPECT_EQ(with_token("GET", token, "/admin/assets").status, 200);
    EXPECT_EQ(with_token("POST", token, "/admin/cache/purge").status, 200);

    // A token that was never issued, or a Basic header naming it, is refused without a
    // Basic challenge (a browser would open its own password dialog).
    auto forged = with_token("GET", "c." + std::string(64, 'a'), "/admin/assets");
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(forged.header("www-authenticate").rfind("Bearer", 0), 0u);

    EXPECT_EQ(with_token("DELETE", token, "/admin/session").status, 204);
    EXPECT_EQ(with_token("GET", token, "/admin/assets").status, 401);
    EXPECT_EQ(with_token("GET", token, "/admin/session").status, 401);
}

TEST_F(ConsoleApi, UsersHoldingTheAdminRoleMaySignInOthersMayNot) {
    ASSERT_EQ(admin("PUT", "/admin/roles/admin").status, 204);
    ASSERT_EQ(
        admin("PUT", "/admin/users/carol", R"({"password":"carol-pass","roles":["admin"]})").status,
        200);
    auto carol = sign_in("carol", "carol-pass");
    ASSERT_EQ(carol.status, 201) << carol.body;
    EXPECT_EQ(with_token("GET", token_of(carol), "/admin/users").status, 200);
    EXPECT_EQ(sign_in("carol", "wrong-pass").status, 401);
    // Changing carol (roles, password) or deleting her ends her console sign-ins; the admin's
    // own stay.
    auto admins = token_of(sign_in("admin", "secret-pw"));
    ASSERT_EQ(admin("PUT", "/admin/users/carol", R"({"roles":["staff"]})").status, 200);
    EXPECT_EQ(with_token("GET", token_of(carol), "/admin/users").status, 401);
    EXPECT_EQ(sign_in("carol", "carol-pass").status, 403); // no longer holds the role
    ASSERT_EQ(admin("PUT", "/admin/users/carol", R"({"roles":["admin"]})").status, 200);
    auto again = token_of(sign_in("carol", "carol-pass"));
    EXPECT_EQ(with_token("GET", again, "/admin/users").status, 200);
    ASSERT_EQ(admin("DELETE", "/admin/roles/admin").status, 204);
    EXPECT_EQ(with_token("GET", again, "/admin/users").status, 401);
    EXPECT_EQ(with_token("GET", admins, "/admin/users").status, 200);
    ASSERT_EQ(admin("DELETE", "/admin/users/carol").status, 204);
    // alice holds staff only: the right password is not enough.
    auto alice = sign_in("alice", "wonderland");
    EXPECT_EQ(alice.status, 403);
    EXPECT_NE(alice.body.find("admin"), std::string::npos);
    // Her IIIF session cookie opens nothing here either.
    EXPECT_EQ(get_as(alice_, "/admin/assets").status, 401);
}

TEST_F(ConsoleApi, CrossSiteWritesAreRefusedWhateverTheyCarry) {
    auto token = token_of(sign_in("admin", "secret-pw"));
    std::string none;
    for (auto [header, status] : std::vector<std::pair<std::string, long>>{
             {"Origin: https://evil.example", 403},
             {"Origin: null", 403},
             {"Sec-Fetch-Site: cross-site", 403},
             {"Sec-Fetch-Site: same-site", 403},
             {"Sec-Fetch-Site: same-origin", 200},
             {"Origin: " + server_->url(""), 200},
             // A TLS proxy in front (without server.trust_proxy): the same host is this site.
             {"Origin: https://" + server_->url("").substr(7), 200},
             {"Origin: https://" + server_->url("").substr(7) + ".evil.example", 403}}) {
        auto basic =
            http_request("POST", server_->url("/admin/cache/purge"), {admin_auth(), header}, &none);
        EXPECT_EQ(basic.status, status) << header;
        auto bearer = with_token("POST", token, "/admin/cache/purge", {header}, &none);
        EXPECT_EQ(bearer.status, status) << header;
    }
    // Reads are not writes: a cross-site GET still needs credentials, nothing more.
    EXPECT_EQ(http_get(server_->url("/admin/assets"), {admin_auth(), "Sec-Fetch-Site: cross-site"})
                  .status,
              200);
    // Login CSRF: another site cannot sign a browser in either.
    EXPECT_EQ(sign_in("admin", "secret-pw", {"Origin: https://evil.example"}).status, 403);
}

// "As seen by" answers what the visitor it names gets: the same status and the same size, for
// every access scenario (docs/access.md) and requests of each kind.
TEST_F(ConsoleApi, SeenByAnswersWhatThatVisitorGets) {
    auto token = token_of(sign_in("admin", "secret-pw"));
    const char* requests[] = {"info.json", "full/max/0/default.jpg", "full/!600,600/0/default.jpg",
                              "full/300,/0/default.jpg", "0,0,512,512/512,/0/default.jpg"};
    for (int s = 1; s <= 11; ++s)
        for (const auto& [viewer, cookie] : visitors())
            for (const char* request : requests) {
                std::string tail = "s" + std::to_string(s) + ".jpg/" + request;
                auto real = get_as(cookie, "/iiif/3/" + tail);
                auto seen =
                    with_token("GET", token, "/admin/seen-by/" + viewer + "/iiif/3/" + tail);
                SCOPED_TRACE(viewer + " " + tail);
                ASSERT_EQ(seen.status, real.status) << seen.body;
                EXPECT_EQ(seen.header("cache-control"), "no-store");
                if (real.status == 200 && std::string(request) != "info.json") {
                    EXPECT_EQ(longest_edge(seen), longest_edge(real));
                }
                if (std::string(request) == "info.json" && real.status != 404) {
                    auto a = json::parse(seen.body), b = json::parse(real.body);
                    EXPECT_EQ(a.value("maxWidth", 0), b.value("maxWidth", 0));
                    EXPECT_EQ(a.value("sizes", json::array()), b.value("sizes", json::array()));
                }
            }
    // staff: every role of the asset; user: signed in with none.
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/staff/iiif/3/s4.jpg/info.json").status, 200);
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/user/iiif/3/s4.jpg/info.json").status, 403);
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/someone/iiif/3/s4.jpg/info.json").status,
              404);
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/anonymous/iiif/2/s4.jpg/info.json").status,
              404);
    // Only for the admin.
    EXPECT_EQ(http_get(server_->url("/admin/seen-by/staff/iiif/3/s4.jpg/info.json")).status, 401);
    EXPECT_EQ(get_as(alice_, "/admin/seen-by/staff/iiif/3/s4.jpg/full/max/0/default.jpg").status,
              401);
}

// The same for imaging actions: an action a visitor may not run, or an asset they may not see
// at that size, is refused to "as seen by" them exactly as to them.
TEST_F(ConsoleApi, SeenByActionsAnswersWhatThatVisitorGets) {
    auto token = token_of(sign_in("admin", "secret-pw"));
    for (const char* asset : {"s1.jpg", "s4.jpg", "s6.jpg", "s8.jpg", "s11.jpg"})
        for (const char* action : {"small", "large", "tile", "staffonly", "small/w_100,c_resize"})
            for (const auto& [viewer, cookie] : visitors()) {
                std::string name = action, transform;
                if (auto slash = name.find('/'); slash != std::string::npos) {
                    transform = name.substr(slash);
                    name.resize(slash);
                }
                std::string tail = name + "/" + asset + transform;
                auto real = get_as(cookie, "/app/api/json/imaging/" + tail);
                auto seen =
                    with_token("GET", token, "/admin/seen-by/" + viewer + "/imaging/" + tail);
                SCOPED_TRACE(viewer + " " + tail);
                ASSERT_EQ(seen.status, real.status) << seen.body;
                EXPECT_EQ(seen.header("cache-control"), "no-store");
                if (real.status == 200) {
                    EXPECT_EQ(longest_edge(seen), longest_edge(real));
                    EXPECT_EQ(seen.header("x-imaging-commands"), real.header("x-imaging-commands"));
                } else {
                    EXPECT_EQ(seen.body, real.body); // the imaging API's own error
                }
            }
    // staff: the roles of the action and of the asset.
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/staff/imaging/staffonly/s4.jpg").status,
              200);
    EXPECT_EQ(with_token("GET", token, "/admin/seen-by/anonymous/imaging/nothing/s1.jpg").status,
              404);
    EXPECT_EQ(http_get(server_->url("/admin/seen-by/staff/imaging/small/s1.jpg")).status, 401);
}

TEST_F(ConsoleApi, AssetsAreSearchedAndPaged) {
    auto page = [&](const std::string& query) {
        auto r = admin("GET", "/admin/assets?" + query);
        EXPECT_EQ(r.status, 200) << query << " " << r.body;
        return json::parse(r.body);
    };
    auto all = page("");
    ASSERT_GE(all["total"].get<int>(), 11);
    auto first = page("limit=4");
    EXPECT_EQ(first["assets"].size(), 4u);
    EXPECT_EQ(first["total"], all["total"]);
    auto second = page("offset=4&limit=4");
    EXPECT_EQ(second["assets"][0]["id"], all["assets"][4]["id"]);
    auto found = page("q=S1");
    std::set<std::string> ids;
    for (const auto& a : found["assets"])
        ids.insert(a["id"]);
    EXPECT_EQ(ids, (std::set<std::string>{"s1.jpg", "s10.jpg", "s11.jpg"}));
    EXPECT_EQ(found["total"], 3);
    EXPECT_EQ(page("q=no-such-thing")["total"], 0);
    // With files=true, image files without a row are listed too (open), and only images.
    std::filesystem::create_directories(root_->path() / ".pictor-tmp");
    std::ofstream(root_->path() / ".pictor-tmp" / "half.jpg") << "partial";
    std::filesystem::create_symlink("/etc/hostname", root_->path() / "link.jpg");
    auto files = page("files=true&limit=1000");
    std::map<std::string, json> by_id;
    for (const auto& a : files["assets"])
        by_id[a["id"]] = a;
    EXPECT_EQ(files["total"].get<std::size_t>(), by_id.size());
    EXPECT_TRUE(files["complete"].get<bool>());
    ASSERT_TRUE(by_id.count("photo.jpg"));
    EXPECT_EQ(by_id["photo.jpg"]["width"], 6000);
    EXPECT_EQ(by_id["photo.jpg"]["roles"], json::array());
    EXPECT_EQ(by_id["s4.jpg"]["roles"], json::array({"staff"})); // the row, not the file
    EXPECT_TRUE(by_id.count("collection/page1.jpg"));
    // A file that does not read is listed, with why.
    ASSERT_TRUE(by_id.count("truncated.jpg") && by_id.count("bomb.png"));
    std::string unreadable;
    for (const auto& [id, a] : by_id)
        if (a.contains("error")) unreadable += id + " ";
    EXPECT_EQ(unreadable, "truncated.jpg ");
    for (const char* hidden : {".pictor-tmp/half.jpg", "notes.txt", "link.jpg"})
        EXPECT_FALSE(by_id.count(hidden)) << hidden;
    EXPECT_EQ(page("files=true&q=PAGE1")["total"], 1);
    EXPECT_LT(all["total"].get<int>(), files["total"].get<int>());
    std::filesystem::remove(root_->path() / "link.jpg");
    std::filesystem::remove_all(root_->path() / ".pictor-tmp" / "half.jpg");
    for (const char* bad :
         {"limit=0", "limit=1001", "offset=-1", "limit=x", "sort=id", "q=%zz", "files=yes"})
        EXPECT_EQ(admin("GET", std::string("/admin/assets?") + bad).status, 400) << bad;
}

TEST_F(ConsoleApi, ActionsMetricsAndPreviewKeys) {
    auto actions = admin("GET", "/admin/actions");
    ASSERT_EQ(actions.status, 200);
    bool staffonly = false;
    for (const auto& a : json::parse(actions.body)) {
        EXPECT_FALSE(a["commands"].get<std::string>().empty()) << a.dump();
        if (a["name"] == "staffonly") {
            staffonly = true;
            EXPECT_EQ(a["roles"], json::array({"staff"})); // listed even though restricted
            EXPECT_NE(a["commands"].get<std::string>().find("w_200"), std::string::npos);
        }
    }
    EXPECT_TRUE(staffonly);

    auto metrics = admin("GET", "/admin/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("pictor_http_requests_total"), std::string::npos);
    EXPECT_EQ(http_get(server_->url("/admin/metrics")).status, 401);

    auto cached =
        upload(*server_, "cacheImage/letter%201?context=mail", samples_dir() / "portrait.jpg");
    ASSERT_EQ(cached.status, 200) << cached.body;
    auto keys = json::parse(admin("GET", "/admin/previews?context=mail").body);
    EXPECT_EQ(keys["count"], 1);
    EXPECT_EQ(keys["keys"], json::array({"letter 1"}));
    EXPECT_EQ(json::parse(admin("GET", "/admin/previews?context=other").body)["count"], 0);
    auto facts = admin("GET", "/admin/previews/letter%201?context=mail");
    ASSERT_EQ(facts.status, 200) << facts.body;
    auto renditions = json::parse(facts.body)["renditions"];
    ASSERT_FALSE(renditions.empty());
    std::string format = renditions[0]["format"];
    auto image = admin("GET", "/admin/previews/letter%201/image?context=mail&format=" + format);
    ASSERT_EQ(image.status, 200);
    auto d = decode(image.body);
    EXPECT_EQ(d.width, renditions[0]["width"]);
    EXPECT_EQ(d.height, renditions[0]["height"]);
    EXPECT_EQ(admin("GET", "/admin/previews/nothing?context=mail").status, 404);
    EXPECT_EQ(admin("GET", "/admin/previews/letter%201/image?context=mail&format=jpg:axb").status,
              400);
    EXPECT_EQ(admin("GET", "/admin/previews?color=red").status, 400);
    EXPECT_EQ(http_get(server_->url("/admin/previews?context=mail")).status, 401);
}

} // namespace
} // namespace pictor::test
