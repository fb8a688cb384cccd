// The access policy (SPEC §4, seed 001) end to end: the eleven scenarios for every viewer and
// kind of request through IIIF, the display API and the file REST API; the IIIF Auth 2.0 flow;
// cache safety; the admin API.
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kOrigin = "https://viewer.example";

std::string admin_auth() { return "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; } // admin:secret-pw

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class Access : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        // One copy of the 6000x4000 photo per scenario.
        for (int s = 1; s <= 11; ++s) {
            std::error_code ec;
            auto to = root_->path() / ("s" + std::to_string(s) + ".jpg");
            fs::create_hard_link(root_->path() / "photo.jpg", to, ec);
            if (ec) fs::copy_file(root_->path() / "photo.jpg", to);
        }
        server_ = std::make_unique<ServerProcess>(
            root_->path(), std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw",
                                                    "auth.kdf_cost=10",
                                                    std::string("auth.allowed_origins=") + kOrigin,
                                                    "admin.upload_bytes=200000"});
        ASSERT_EQ(admin("PUT", "/admin/roles/staff").status, 204);
        ASSERT_EQ(admin("PUT", "/admin/roles/other").status, 204);
        ASSERT_EQ(
            admin("PUT", "/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})")
                .status,
            200);
        ASSERT_EQ(
            admin("PUT", "/admin/users/bob", R"({"password":"builder-bob","roles":["other"]})")
                .status,
            200);
        const char* policies[] = {
            R"({})",
            R"({"maxWidth":1000})",
            R"({"maxWidth":1000,"openFullMax":400,"openMaxWidth":512})",
            R"({"roles":["staff"]})",
            R"({"roles":["staff"],"maxWidth":1000})",
            R"({"roles":["staff"],"openFullMax":400})",
            R"({"roles":["staff"],"maxWidth":1000,"openFullMax":400})",
            R"({"roles":["staff"],"openMaxWidth":512})",
            R"({"roles":["staff"],"maxWidth":1000,"openMaxWidth":512})",
            R"({"roles":["staff"],"openFullMax":400,"openMaxWidth":512})",
            R"({"roles":["staff"],"maxWidth":2000,"openFullMax":400,"openMaxWidth":512})",
        };
        for (int s = 1; s <= 11; ++s) {
            auto r = admin("PUT", "/admin/assets/s" + std::to_string(s) + ".jpg/policy",
                           policies[s - 1]);
            ASSERT_EQ(r.status, 200) << r.body;
        }
        alice_ = login("alice", "wonderland");
        bob_ = login("bob", "builder-bob");
        ASSERT_FALSE(alice_.empty());
        ASSERT_FALSE(bob_.empty());
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
    }

    static HttpResponse admin(const std::string& method, const std::string& path,
                              const std::string& body = "") {
        bool sends_body = method == "PUT" || method == "POST";
        return http_request(method, server_->url(path), {admin_auth()},
                            sends_body ? &body : nullptr);
    }
    // The session cookie's value after a login through the active access service.
    static std::string login(const std::string& user, const std::string& password) {
        std::string form = "username=" + user + "&password=" + password;
        auto r = http_request("POST", server_->url("/auth/v2/access/active"), {}, &form);
        std::smatch m;
        std::string cookie = r.header("set-cookie");
        if (!std::regex_search(cookie, m, std::regex("pictor_session=([^;]+)"))) return {};
        return m[1];
    }
    static HttpResponse get_as(const std::string& cookie, const std::string& path) {
        if (cookie.empty()) return http_get(server_->url(path));
        return http_get(server_->url(path), {"Cookie: pictor_session=" + cookie});
    }
    // The token service's page: the message and the origin it is posted to.
    static std::pair<json, std::string> token_page(const std::string& cookie,
                                                   const std::string& query) {
        auto r = get_as(cookie, "/auth/v2/token?" + query);
        std::smatch m;
        if (!std::regex_search(r.body, m, std::regex(R"(postMessage\((\{.*\}), (".*")\);)")))
            return {json(), ""};
        return {json::parse(std::string(m[1])), json::parse(std::string(m[2])).get<std::string>()};
    }
    static json probe(const std::string& id, const std::string& bearer) {
        std::vector<std::string> h;
        if (!bearer.empty()) h.push_back("Authorization: Bearer " + bearer);
        auto r = http_get(server_->url("/auth/v2/probe/" + id), h);
        EXPECT_EQ(r.status, 200);
        return json::parse(r.body);
    }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
    static inline std::string alice_, bob_;
};

enum class Who { Anonymous, WrongRole, RightRole };
const char* kWho[] = {"Anonymous", "WrongRole", "RightRole"};

// One row per scenario x viewer: the status of a full-region small (300 px) answer, a
// full-region large (1500 px; 1280 px for /thumb) one, a tile, `max` (and its longest edge),
// and the original file (/original, an explicit full-size answer).
struct Row {
    int scenario;
    Who who;
    int small, large, tile, max, max_edge, original;
};

void PrintTo(const Row& row, std::ostream* os) {
    *os << "scenario " << row.scenario << ", " << kWho[static_cast<int>(row.who)];
}

const Row kRows[] = {
    {1, Who::Anonymous, 200, 200, 200, 200, 6000, 200},
    {1, Who::WrongRole, 200, 200, 200, 200, 6000, 200},
    {1, Who::RightRole, 200, 200, 200, 200, 6000, 200},
    {2, Who::Anonymous, 200, 400, 200, 200, 1000, 400},
    {2, Who::WrongRole, 200, 400, 200, 200, 1000, 400},
    {2, Who::RightRole, 200, 400, 200, 200, 1000, 400},
    {3, Who::Anonymous, 200, 400, 200, 200, 1000, 400},
    {3, Who::WrongRole, 200, 400, 200, 200, 1000, 400},
    {3, Who::RightRole, 200, 400, 200, 200, 1000, 400},
    {4, Who::Anonymous, 401, 401, 401, 401, 0, 401},
    {4, Who::WrongRole, 403, 403, 403, 403, 0, 403},
    {4, Who::RightRole, 200, 200, 200, 200, 6000, 200},
    {5, Who::Anonymous, 401, 400, 401, 401, 0, 400},
    {5, Who::WrongRole, 403, 400, 403, 403, 0, 400},
    {5, Who::RightRole, 200, 400, 200, 200, 1000, 400},
    {6, Who::Anonymous, 200, 401, 401, 200, 400, 401},
    {6, Who::WrongRole, 200, 403, 403, 200, 400, 403},
    {6, Who::RightRole, 200, 200, 200, 200, 6000, 200},
    {7, Who::Anonymous, 200, 400, 401, 200, 400, 400},
    {7, Who::WrongRole, 200, 400, 403, 200, 400, 400},
    {7, Who::RightRole, 200, 400, 200, 200, 1000, 400},
    {8, Who::Anonymous, 401, 401, 401, 401, 0, 401},
    {8, Who::WrongRole, 403, 403, 403, 403, 0, 403},
    {8, Who::RightRole, 200, 200, 200, 200, 6000, 200},
    {9, Who::Anonymous, 401, 400, 401, 401, 0, 400},
    {9, Who::WrongRole, 403, 400, 403, 403, 0, 400},
    {9, Who::RightRole, 200, 400, 200, 200, 1000, 400},
    {10, Who::Anonymous, 200, 401, 401, 200, 400, 401},
    {10, Who::WrongRole, 200, 403, 403, 200, 400, 403},
    {10, Who::RightRole, 200, 200, 200, 200, 6000, 200},
    {11, Who::Anonymous, 200, 401, 401, 200, 400, 400},
    {11, Who::WrongRole, 200, 403, 403, 200, 400, 400},
    {11, Who::RightRole, 200, 200, 200, 200, 2000, 400},
};

class AccessTable : public Access, public ::testing::WithParamInterface<Row> {
  protected:
    std::string cookie() const {
        switch (GetParam().who) {
        case Who::Anonymous: return "";
        case Who::WrongRole: return bob_;
        case Who::RightRole: return alice_;
        }
        return "";
    }
    std::string id() const { return "s" + std::to_string(GetParam().scenario) + ".jpg"; }
};

int longest_edge(const HttpResponse& r) {
    auto d = decode(r.body);
    return std::max(d.width, d.height);
}

TEST_P(AccessTable, Iiif) {
    const Row& row = GetParam();
    std::string base = "/iiif/3/" + id();
    EXPECT_EQ(get_as(cookie(), base + "/full/300,/0/default.jpg").status, row.small);
    EXPECT_EQ(get_as(cookie(), base + "/full/1500,/0/default.jpg").status, row.large);
    EXPECT_EQ(get_as(cookie(), base + "/0,0,512,512/512,/0/default.jpg").status, row.tile);
    auto max = get_as(cookie(), base + "/full/max/0/default.jpg");
    ASSERT_EQ(max.status, row.max);
    if (row.max == 200) EXPECT_EQ(longest_edge(max), row.max_edge);
    // Answers about a restricted asset are private and vary by cookie, errors never cached.
    bool restricted = row.scenario >= 4;
    if (max.status == 200) {
        EXPECT_EQ(max.header("cache-control").rfind(restricted ? "private" : "public", 0), 0u);
        if (restricted) EXPECT_EQ(max.header("vary"), "Cookie, Authorization");
    } else {
        EXPECT_EQ(max.header("cache-control"), "no-store");
    }
}

TEST_P(AccessTable, Display) {
    const Row& row = GetParam();
    std::string base = "/api/display/" + id();
    EXPECT_EQ(get_as(cookie(), base + "?hsize=300").status, row.small);
    EXPECT_EQ(get_as(cookie(), base + "?hsize=1500").status, row.large);
    auto max = get_as(cookie(), base); // no size: as large as the viewer may have it
    ASSERT_EQ(max.status, row.max) << max.body;
    if (row.max == 200) EXPECT_EQ(longest_edge(max), row.max_edge);
    if (row.max != 200) {
        EXPECT_TRUE(json::parse(max.body).contains("message"));
    }
}

TEST_P(AccessTable, FileRest) {
    const Row& row = GetParam();
    EXPECT_EQ(get_as(cookie(), "/thumb/" + id() + "/250px-" + id()).status, row.small);
    EXPECT_EQ(get_as(cookie(), "/thumb/" + id() + "/1280px-" + id()).status, row.large);
    auto original = get_as(cookie(), "/original/" + id());
    EXPECT_EQ(original.status, row.original);
    if (row.original != 200) {
        EXPECT_TRUE(json::parse(original.body).contains("errorKey"));
    }
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
    return "S" + std::to_string(info.param.scenario) + "_" + kWho[static_cast<int>(info.param.who)];
}

INSTANTIATE_TEST_SUITE_P(Scenarios, AccessTable, ::testing::ValuesIn(kRows), row_name);

TEST_F(Access, SubstituteServiceForScenarios8To11) {
    for (int s = 8; s <= 11; ++s) {
        std::string base = "/iiif/3/s" + std::to_string(s) + ".jpg/substitute";
        auto info = http_get(server_->url(base + "/info.json"));
        ASSERT_EQ(info.status, 200) << s;
        auto doc = json::parse(info.body);
        EXPECT_EQ(doc["maxWidth"], 512);
        EXPECT_EQ(doc["id"], server_->url(base));
        EXPECT_FALSE(doc.contains("service"));
        auto max = http_get(server_->url(base + "/full/max/0/default.jpg"));
        ASSERT_EQ(max.status, 200);
        EXPECT_EQ(longest_edge(max), 512);
        EXPECT_EQ(http_get(server_->url(base + "/0,0,1024,1024/512,/0/default.jpg")).status, 200);
        EXPECT_EQ(http_get(server_->url(base + "/full/1000,/0/default.jpg")).status, 400);
    }
    for (int s : {1, 4, 6})
        EXPECT_EQ(
            http_get(server_->url("/iiif/3/s" + std::to_string(s) + ".jpg/substitute/info.json"))
                .status,
            404);
}

TEST_F(Access, RestrictedInfoJsonIs401WithTheServicesAndPublicSizes) {
    auto r = http_get(server_->url("/iiif/3/s6.jpg/info.json"));
    ASSERT_EQ(r.status, 401);
    EXPECT_EQ(r.header("cache-control").rfind("private", 0), 0u);
    auto doc = json::parse(r.body);
    EXPECT_EQ(doc["@context"][0], "http://iiif.io/api/auth/2/context.json");
    auto probe_service = doc["service"][0];
    EXPECT_EQ(probe_service["type"], "AuthProbeService2");
    EXPECT_EQ(probe_service["id"], server_->url("/auth/v2/probe/s6.jpg"));
    auto access = probe_service["service"].back();
    EXPECT_EQ(access["profile"], "active");
    EXPECT_EQ(access["service"][0]["type"], "AuthAccessTokenService2");
    EXPECT_EQ(access["service"][1]["type"], "AuthLogoutService2");
    // Thumbnails up to openFullMax only.
    for (const auto& s : doc["sizes"])
        EXPECT_LE(std::max(s["width"].get<int>(), s["height"].get<int>()), 400);
    EXPECT_EQ(get_as(alice_, "/iiif/3/s6.jpg/info.json").status, 200);
    EXPECT_EQ(get_as(bob_, "/iiif/3/s6.jpg/info.json").status, 403);
    // Scenario 4: no public thumbnails at all.
    EXPECT_FALSE(
        json::parse(http_get(server_->url("/iiif/3/s4.jpg/info.json")).body).contains("sizes"));
    // An open asset: 200, public, no services.
    auto open = http_get(server_->url("/iiif/3/s2.jpg/info.json"));
    EXPECT_EQ(open.status, 200);
    EXPECT_EQ(json::parse(open.body)["maxWidth"], 1000);
    EXPECT_FALSE(json::parse(open.body).contains("service"));
}

TEST_F(Access, CacheNeverServesAStaffRenditionToAnonymous) {
    std::string url = "/iiif/3/s4.jpg/0,0,1000,1000/500,/0/default.jpg";
    auto staff = get_as(alice_, url);
    ASSERT_EQ(staff.status, 200);
    EXPECT_EQ(staff.header("cache-control").rfind("private", 0), 0u);
    EXPECT_EQ(staff.header("vary"), "Cookie, Authorization");
    EXPECT_EQ(get_as(alice_, url).header("x-pictor-cache"), "hit");
    EXPECT_EQ(get_as("", url).status, 401);
    EXPECT_EQ(get_as(bob_, url).status, 403);
    // Same for a conditional request: no 304 without the right to the pixels.
    auto conditional = http_get(server_->url(url), {"If-None-Match: " + staff.header("etag")});
    EXPECT_EQ(conditional.status, 401);
}

TEST_F(Access, ASymlinkInsideTheRootCarriesItsTargetsPolicy) {
    ASSERT_EQ(admin("PUT", "/admin/assets/small.gif/policy", R"({"roles":["staff"]})").status, 200);
    for (int i = 0; i < 2; ++i) { // the second time with the header known (network-thread path)
        EXPECT_EQ(get_as("", "/iiif/3/inside-link.gif/full/max/0/default.png").status, 401);
        EXPECT_EQ(get_as(alice_, "/iiif/3/inside-link.gif/full/max/0/default.png").status, 200);
        EXPECT_EQ(get_as("", "/api/display/inside-link.gif").status, 401);
    }
    ASSERT_EQ(admin("PUT", "/admin/assets/small.gif/policy", R"({"roles":[]})").status, 200);
    EXPECT_EQ(get_as("", "/iiif/3/inside-link.gif/full/max/0/default.png").status, 200);
}

TEST_F(Access, FullAuthFlow) {
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

TEST_F(Access, CookieIsHttpOnlySecureSameSiteNone) {
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

TEST_F(Access, ProbeStatusesAndSubstitute) {
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

TEST_F(Access, ForgedCrossAssetAndMisusedTokens) {
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

TEST_F(Access, TokenServiceErrorProfiles) {
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

TEST_F(Access, AdminApiValidatesAndNeedsCredentials) {
    EXPECT_EQ(http_get(server_->url("/admin/assets")).status, 401);
    EXPECT_NE(http_get(server_->url("/admin/assets")).header("www-authenticate").find("Basic"),
              std::string::npos);
    EXPECT_EQ(http_get(server_->url("/admin/assets"), {"Authorization: Basic YWRtaW46eA=="}).status,
              401);
    auto list = admin("GET", "/admin/assets");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body)["assets"].size(), 11u);
    for (const char* bad : {R"({"maxWidth":100})", R"({"maxWidth":-5})", R"({"openFullMax":1})",
                            R"({"roles":["nobody"]})", R"({"roles":"staff"})", R"({"bogus":1})",
                            R"(not json)", R"({"maxWidth":"big"})"}) {
        auto r = admin("PUT", "/admin/assets/s1.jpg/policy", bad);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_FALSE(json::parse(r.body)["message"].get<std::string>().empty());
    }
    EXPECT_EQ(admin("PUT", "/admin/assets/missing.jpg/policy", "{}").status, 404);
    EXPECT_EQ(admin("PUT", "/admin/users/carol", R"({"roles":["staff"]})").status, 400);
    EXPECT_EQ(
        admin("PUT", "/admin/users/carol", R"({"password":"long-enough","roles":["x"]})").status,
        400);
    EXPECT_EQ(admin("POST", "/admin/cache/purge").status, 200);
    EXPECT_EQ(admin("GET", "/admin/nothing").status, 404);
}

TEST_F(Access, UploadsAreSniffedSizeLimitedAndAtomic) {
    std::string gif = read_bytes(samples_dir() / "small.gif");
    std::string jpeg = read_bytes(samples_dir() / "portrait.jpg");
    auto created = admin("PUT", "/admin/assets/up/new.gif/source", gif);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json::parse(created.body)["format"], "gif");
    EXPECT_EQ(http_get(server_->url("/iiif/3/up%2Fnew.gif/full/max/0/default.png")).status, 200);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/new.gif/source", gif).status, 200);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/x.txt/source", "just text, no image").status, 415);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/x.jpg/source", "\xFF\xD8\xFF garbage").status, 400);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/big.jpg/source", std::string(300000, 'x')).status,
              413);
    EXPECT_EQ(admin("PUT", "/admin/assets/../escape.jpg/source", gif).status, 400);
    EXPECT_FALSE(fs::exists(root_->path() / "up/x.txt"));
    EXPECT_FALSE(fs::exists(root_->path() / "up/x.jpg"));

    // Concurrent replaces of one asset leave one complete source.
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back(
            [&, i] { admin("PUT", "/admin/assets/race.jpg/source", i % 2 ? gif : jpeg); });
    for (auto& t : threads)
        t.join();
    std::string final_bytes = read_bytes(root_->path() / "race.jpg");
    EXPECT_TRUE(final_bytes == gif || final_bytes == jpeg);
    auto row = json::parse(admin("GET", "/admin/assets/race.jpg").body);
    EXPECT_EQ(row["format"], final_bytes == gif ? "gif" : "jpg");
    EXPECT_EQ(admin("DELETE", "/admin/assets/race.jpg").status, 204);
    EXPECT_FALSE(fs::exists(root_->path() / "race.jpg"));
    EXPECT_EQ(admin("DELETE", "/admin/assets/race.jpg").status, 404);
}

TEST_F(Access, ThumbnailsAreRenderedInTheBackgroundUpToTheirBound) {
    // Scenario 6 (openFullMax 400): !400,400 !200,200 !100,100; scenario 4: none at all.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (server_->log().find("thumbnails of s6.jpg: 3 rendered") == std::string::npos &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_NE(server_->log().find("thumbnails of s6.jpg: 3 rendered"), std::string::npos);
    EXPECT_NE(server_->log().find("thumbnails of s1.jpg: 4 rendered"), std::string::npos);
    EXPECT_NE(server_->log().find("thumbnails of s4.jpg: 0 rendered"), std::string::npos);
    auto first = http_get(server_->url("/iiif/3/s6.jpg/full/400,267/0/default.jpg"));
    ASSERT_EQ(first.status, 200); // a listed size: open to anyone
    EXPECT_EQ(first.header("x-pictor-cache"), "hit");
}

TEST_F(Access, AdminCliWrapsTheApi) {
    std::string cli = pictor_binary() + " admin --url " + server_->url("") +
                      " --user admin --password secret-pw ";
    auto run = [&](const std::string& args) {
        std::string out;
        FILE* p = ::popen((cli + args + " 2>&1").c_str(), "r");
        char buf[4096];
        while (p && std::fgets(buf, sizeof buf, p))
            out += buf;
        int status = p ? ::pclose(p) : -1;
        return std::pair{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
    };
    EXPECT_EQ(run("add-role cli-role").first, 0);
    EXPECT_NE(run("roles").second.find("cli-role"), std::string::npos);
    auto policy = run("policy s3.jpg --role cli-role --max-width 512 --title 'From the CLI'");
    ASSERT_EQ(policy.first, 0) << policy.second;
    auto asset = json::parse(admin("GET", "/admin/assets/s3.jpg").body);
    EXPECT_EQ(asset["maxWidth"], 512);
    EXPECT_EQ(asset["roles"][0], "cli-role");
    EXPECT_EQ(asset["title"], "From the CLI");
    EXPECT_EQ(run("policy s3.jpg --max-width 100").first, 1); // the server's 400
    EXPECT_EQ(run("upload cli/p.jpg " + (samples_dir() / "portrait.jpg").string()).first, 0);
    EXPECT_TRUE(fs::exists(root_->path() / "cli/p.jpg"));
    EXPECT_EQ(run("user carol --new-password carols-pass --role cli-role").first, 0);
    EXPECT_FALSE(login("carol", "carols-pass").empty());
    EXPECT_EQ(run("bogus").first, 2);
    // Put scenario 3 back for the other tests of this process.
    admin("PUT", "/admin/assets/s3.jpg/policy",
          R"({"roles":[],"maxWidth":1000,"openFullMax":400,"openMaxWidth":512})");
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

TEST(AccessKill, KillDuringUploadLeavesTheOldSourceIntact) {
    TempImageRoot root;
    std::string before = read_bytes(root.path() / "portrait.jpg");
    auto server = std::make_unique<ServerProcess>(
        root.path(), std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw"});
    // Start an upload whose body never finishes, then kill the server mid-way.
    std::thread upload([&] {
        std::string big = read_bytes(samples_dir() / "photo.jpg");
        http_request("PUT", server->url("/admin/assets/portrait.jpg/source"),
                     {admin_auth(), "Expect:"}, &big);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ::kill(server->pid(), SIGKILL);
    upload.join();
    EXPECT_EQ(read_bytes(root.path() / "portrait.jpg"), before);
    // A restart serves the old source and leaves no temp file behind.
    server = std::make_unique<ServerProcess>(root.path());
    auto r = http_get(server->url("/iiif/3/portrait.jpg/full/max/0/default.jpg"));
    ASSERT_EQ(r.status, 200);
    EXPECT_GT(decode(r.body).width, 0);
    std::error_code ec;
    auto tmp = root.path() / ".pictor-tmp";
    EXPECT_TRUE(!fs::exists(tmp) || fs::is_empty(tmp));
    EXPECT_EQ(http_get(server->url("/iiif/3/.pictor-tmp%2Fx/info.json")).status, 400);
}

TEST(AccessOff, AdminApiIsAbsentWithoutCredentials) {
    TempImageRoot root;
    ServerProcess server(root.path());
    EXPECT_EQ(http_get(server.url("/admin/assets")).status, 404);
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
