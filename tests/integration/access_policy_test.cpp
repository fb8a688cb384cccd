// The access policy (SPEC §4, seed 001) end to end: the eleven scenarios for every viewer and
// kind of request through IIIF 3 and 2, the display API, the file REST API and imaging actions; the
// substitute service, info.json of restricted assets, cache safety and background thumbnails.
#include <filesystem>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/access_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Access : public AccessServer {};

enum class Who { Anonymous, WrongRole, RightRole };
const char* kWho[] = {"Anonymous", "WrongRole", "RightRole"};

// The acceptance table of the access policy: one row per scenario x viewer, asked through
// every dialect (IIIF 3, IIIF 2, display, /thumb + /original + /v1/file, imaging actions).
// Columns: the status of a full-region small (300 px) answer, a full-region large one (1500 px;
// 1280 px for /thumb), a tile (a 512 px corner), `max` (display: no size) and its longest edge,
// the original file (an explicit full-size answer), and the widest thumbnail /v1/file lists
// (0: the listing itself is refused). A viewer the asset is closed to is told 401 (no
// credentials) or 403 (wrong role), never a size error; scenarios 8-11 are open up to
// openMaxWidth (512) for full-region answers everywhere.
struct Row {
    int scenario;
    Who who;
    int small, large, tile, max, max_edge, original, widest_listed;
};

void PrintTo(const Row& row, std::ostream* os) {
    *os << "scenario " << row.scenario << ", " << kWho[static_cast<int>(row.who)];
}

constexpr int A = 200;
const Row kRows[] = {
    {1, Who::Anonymous, A, A, A, A, 6000, A, 3840},
    {1, Who::WrongRole, A, A, A, A, 6000, A, 3840},
    {1, Who::RightRole, A, A, A, A, 6000, A, 3840},
    {2, Who::Anonymous, A, 400, A, A, 1000, 400, 960},
    {2, Who::WrongRole, A, 400, A, A, 1000, 400, 960},
    {2, Who::RightRole, A, 400, A, A, 1000, 400, 960},
    {3, Who::Anonymous, A, 400, A, A, 1000, 400, 960},
    {3, Who::WrongRole, A, 400, A, A, 1000, 400, 960},
    {3, Who::RightRole, A, 400, A, A, 1000, 400, 960},
    {4, Who::Anonymous, 401, 401, 401, 401, 0, 401, 0},
    {4, Who::WrongRole, 403, 403, 403, 403, 0, 403, 0},
    {4, Who::RightRole, A, A, A, A, 6000, A, 3840},
    {5, Who::Anonymous, 401, 401, 401, 401, 0, 401, 0},
    {5, Who::WrongRole, 403, 403, 403, 403, 0, 403, 0},
    {5, Who::RightRole, A, 400, A, A, 1000, 400, 960},
    {6, Who::Anonymous, A, 401, 401, A, 400, 401, 330},
    {6, Who::WrongRole, A, 403, 403, A, 400, 403, 330},
    {6, Who::RightRole, A, A, A, A, 6000, A, 3840},
    {7, Who::Anonymous, A, 401, 401, A, 400, 401, 330},
    {7, Who::WrongRole, A, 403, 403, A, 400, 403, 330},
    {7, Who::RightRole, A, 400, A, A, 1000, 400, 960},
    {8, Who::Anonymous, A, 401, 401, A, 512, 401, 500},
    {8, Who::WrongRole, A, 403, 403, A, 512, 403, 500},
    {8, Who::RightRole, A, A, A, A, 6000, A, 3840},
    {9, Who::Anonymous, A, 401, 401, A, 512, 401, 500},
    {9, Who::WrongRole, A, 403, 403, A, 512, 403, 500},
    {9, Who::RightRole, A, 400, A, A, 1000, 400, 960},
    {10, Who::Anonymous, A, 401, 401, A, 512, 401, 500},
    {10, Who::WrongRole, A, 403, 403, A, 512, 403, 500},
    {10, Who::RightRole, A, A, A, A, 6000, A, 3840},
    {11, Who::Anonymous, A, 401, 401, A, 512, 401, 500},
    {11, Who::WrongRole, A, 403, 403, A, 512, 403, 500},
    {11, Who::RightRole, A, A, A, A, 2000, 400, 1920},
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
    bool restricted() const { return GetParam().scenario >= 4; }
    // Every answer's caching headers: a refusal is never stored, an answer about a restricted
    // asset is private to the viewer, the others are public.
    void expect_caching(const HttpResponse& r) const {
        SCOPED_TRACE(r.status);
        if (r.status != 200 && r.status != 304) {
            EXPECT_EQ(r.header("cache-control"), "no-store");
            return;
        }
        EXPECT_EQ(r.header("cache-control").rfind(restricted() ? "private" : "public", 0), 0u);
        if (restricted()) {
            EXPECT_NE(r.header("vary").find("Cookie, Authorization"), std::string::npos);
        }
    }
    HttpResponse get(const std::string& path) const {
        auto r = get_as(cookie(), path);
        expect_caching(r);
        return r;
    }
};

int longest_edge(const HttpResponse& r) {
    auto d = decode(r.body);
    return std::max(d.width, d.height);
}

void expect_max(const HttpResponse& max, const Row& row) {
    ASSERT_EQ(max.status, row.max) << max.body;
    if (row.max == 200) {
        EXPECT_EQ(longest_edge(max), row.max_edge);
    }
}

TEST_P(AccessTable, Iiif3And2) {
    const Row& row = GetParam();
    for (std::string version : {"3", "2"}) {
        SCOPED_TRACE("IIIF " + version);
        std::string base = "/iiif/" + version + "/" + id();
        EXPECT_EQ(get(base + "/full/300,/0/default.jpg").status, row.small);
        EXPECT_EQ(get(base + "/full/1500,/0/default.jpg").status, row.large);
        EXPECT_EQ(get(base + "/0,0,512,512/512,/0/default.jpg").status, row.tile);
        expect_max(get(base + "/full/max/0/default.jpg"), row);
    }
}

TEST_P(AccessTable, Display) {
    const Row& row = GetParam();
    std::string base = "/api/display/" + id();
    EXPECT_EQ(get(base + "?hsize=300").status, row.small);
    EXPECT_EQ(get(base + "?hsize=1500").status, row.large);
    auto max = get(base); // no size: as large as the viewer may have it
    expect_max(max, row);
    if (row.max != 200) {
        EXPECT_TRUE(json::parse(max.body).contains("message"));
    }
}

TEST_P(AccessTable, FileRest) {
    // MediaWiki has no login challenge: a closed file is 403 rest-permission-denied-title for
    // anonymous viewers too (SPEC §3.3).
    auto mw = [](int status) { return status == 401 ? 403 : status; };
    const Row& row = GetParam();
    EXPECT_EQ(get("/thumb/" + id() + "/250px-" + id()).status, mw(row.small));
    EXPECT_EQ(get("/thumb/" + id() + "/1280px-" + id()).status, mw(row.large));
    auto original = get("/original/" + id());
    EXPECT_EQ(original.status, mw(row.original));
    if (row.original == 401) {
        EXPECT_EQ(json::parse(original.body)["errorKey"], "rest-permission-denied-title");
    }
    if (row.original != 200) {
        EXPECT_TRUE(json::parse(original.body).contains("errorKey"));
    }
    // The listing names every step this viewer may fetch, and each is served as listed.
    auto list = get("/v1/file/" + id() + "/thumbnails");
    if (row.widest_listed == 0) {
        EXPECT_EQ(list.status, mw(row.small)) << list.body;
        return;
    }
    ASSERT_EQ(list.status, 200) << list.body;
    auto thumbnails = json::parse(list.body)["thumbnails"];
    ASSERT_FALSE(thumbnails.empty());
    EXPECT_EQ(thumbnails.back()["width"], row.widest_listed);
    std::string url = thumbnails.back()["url"];
    auto widest = get(url.substr(url.find("/thumb/")));
    ASSERT_EQ(widest.status, 200) << url;
    EXPECT_EQ(decode(widest.body).width, row.widest_listed);
    EXPECT_EQ(json::parse(list.body)["original"]["url"].is_null(), row.original != 200);
}

TEST_P(AccessTable, ImagingActions) {
    const Row& row = GetParam();
    std::string api = "/app/api/json/imaging/";
    auto status_and_code = [&](const std::string& action, int expected) {
        auto r = get(api + action + "/" + id());
        EXPECT_EQ(r.status, expected) << action << ": " << r.body;
        if (expected != 200 && r.status == expected) {
            EXPECT_EQ(json::parse(r.body)["code"],
                      std::to_string(expected) + (expected == 400 ? "/1103" : "/1102"));
        }
    };
    status_and_code("small", row.small);
    status_and_code("large", row.large);
    status_and_code("tile", row.tile);
    // The whole image is a full-size answer, as /original is.
    status_and_code("whole", row.original);
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
        // The same for everyone: public, whoever asks.
        EXPECT_EQ(get_as(alice_, base + "/full/max/0/default.jpg").header("cache-control"),
                  "public, max-age=3600");
    }
    for (int s : {1, 4, 6})
        EXPECT_EQ(
            http_get(server_->url("/iiif/3/s" + std::to_string(s) + ".jpg/substitute/info.json"))
                .status,
            404);
}

// One rounding rule in every dialect: scenario 2 confines the 6000x4000 image to 1000 px, and
// IIIF `max`, the display API without parameters and imaging agree on 1000x667.
TEST_F(Access, EveryDialectRoundsAConfinedSizeAlike) {
    auto iiif = decode(get_as("", "/iiif/3/s2.jpg/full/max/0/default.jpg").body);
    auto display = decode(get_as("", "/api/display/s2.jpg").body);
    EXPECT_EQ(iiif.width, 1000);
    EXPECT_EQ(iiif.height, 667);
    EXPECT_EQ(display.width, iiif.width);
    EXPECT_EQ(display.height, iiif.height);
}

TEST_F(Access, RestrictedInfoJsonIs401WithTheServicesAndPublicSizes) {
    auto r = http_get(server_->url("/iiif/3/s6.jpg/info.json"));
    ASSERT_EQ(r.status, 401);
    EXPECT_EQ(r.header("cache-control"), "no-store"); // a refusal, whatever its body
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
    auto staff = get_as(alice_, "/iiif/3/s6.jpg/info.json");
    EXPECT_EQ(staff.status, 200);
    EXPECT_EQ(staff.header("cache-control").rfind("private", 0), 0u);
    EXPECT_EQ(staff.header("vary"), "Cookie, Authorization");
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

// An OpenAtlas client of a restricted file: the refusal is OpenAtlas' JSON error with a title
// that names the status, never "Internal error".
TEST_F(Access, DisplayRefusalsNameTheirStatus) {
    struct Case {
        std::string cookie;
        std::string query;
        int status;
        const char* title;
    };
    for (const auto& c : {Case{"", "?image_size=thumbnail", 401, "Login required"},
                          Case{"", "", 401, "Login required"},
                          Case{bob_, "?image_size=thumbnail", 403, "Forbidden"},
                          Case{bob_, "?download=true", 403, "Forbidden"}}) {
        auto r = get_as(c.cookie, "/api/display/s4.jpg" + c.query);
        ASSERT_EQ(r.status, c.status) << c.query;
        EXPECT_EQ(r.header("content-type"), "application/json");
        EXPECT_EQ(r.header("cache-control"), "no-store");
        auto j = nlohmann::json::parse(r.body);
        EXPECT_EQ(j["title"], c.title) << r.body;
        EXPECT_EQ(j["status"], c.status);
        EXPECT_EQ(j["url"], server_->url("/api/display/s4.jpg" + c.query));
    }
    EXPECT_EQ(get_as(alice_, "/api/display/s4.jpg?image_size=thumbnail").status, 200);
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
// What a shared cache between the server and its viewers sees: the same URL fetched as staff
// and then anonymously never hands the anonymous viewer staff pixels, and a validator of one
// tier never earns a 304 in another.
TEST_F(Access, ASharedProxyNeverCrossesTiers) {
    // S8: staff may have `max` at 6000 px, anyone else at 512 px.
    std::string url = "/iiif/3/s8.jpg/full/max/0/default.jpg";
    auto staff = get_as(alice_, url);
    ASSERT_EQ(staff.status, 200);
    EXPECT_EQ(longest_edge(staff), 6000);
    auto anonymous = get_as("", url);
    ASSERT_EQ(anonymous.status, 200);
    EXPECT_EQ(longest_edge(anonymous), 512);
    EXPECT_NE(staff.header("etag"), anonymous.header("etag"));
    auto replay = http_get(server_->url(url), {"If-None-Match: " + staff.header("etag")});
    ASSERT_EQ(replay.status, 200);
    EXPECT_EQ(longest_edge(replay), 512);

    // The same on one kept-alive connection, as a proxy forwards its viewers' requests.
    HttpConnection proxy;
    auto first = proxy.get(server_->url(url), {"Cookie: pictor_session=" + alice_});
    auto second = proxy.get(server_->url(url));
    auto third = proxy.get(server_->url(url), {"If-None-Match: " + first.header("etag")});
    EXPECT_FALSE(second.new_connection);
    EXPECT_FALSE(third.new_connection);
    EXPECT_EQ(longest_edge(first), 6000);
    EXPECT_EQ(longest_edge(second), 512);
    ASSERT_EQ(third.status, 200);
    EXPECT_EQ(longest_edge(third), 512);

    // A size open to both tiers still has one ETag per tier.
    std::string small = "/iiif/3/s6.jpg/full/300,/0/default.jpg";
    auto staff_small = get_as(alice_, small);
    auto anonymous_small = get_as("", small);
    ASSERT_EQ(staff_small.status, 200);
    ASSERT_EQ(anonymous_small.status, 200);
    EXPECT_NE(staff_small.header("etag"), anonymous_small.header("etag"));
    EXPECT_EQ(get_as(alice_, small).status, 200);
    auto cross =
        http_get(server_->url(small), {"Cookie: pictor_session=" + alice_,
                                       "If-None-Match: " + anonymous_small.header("etag")});
    EXPECT_EQ(cross.status, 200);
    auto same = http_get(server_->url(small), {"Cookie: pictor_session=" + alice_,
                                               "If-None-Match: " + staff_small.header("etag")});
    EXPECT_EQ(same.status, 304);
    EXPECT_EQ(same.header("cache-control").rfind("private", 0), 0u);

    // The thumbnails listing: anonymous sees steps up to 330 px, staff every step.
    std::string list = "/v1/file/s6.jpg/thumbnails";
    auto anonymous_list = get_as("", list);
    auto staff_list = get_as(alice_, list);
    ASSERT_EQ(anonymous_list.status, 200);
    ASSERT_EQ(staff_list.status, 200);
    EXPECT_LT(json::parse(anonymous_list.body)["thumbnails"].size(),
              json::parse(staff_list.body)["thumbnails"].size());
    EXPECT_NE(anonymous_list.header("etag"), staff_list.header("etag"));
    auto stale = http_get(server_->url(list), {"Cookie: pictor_session=" + alice_,
                                               "If-None-Match: " + anonymous_list.header("etag")});
    ASSERT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body, staff_list.body);
}

TEST_F(Access, ARoleGatedActionIsPrivateEvenOnAnOpenImage) {
    std::string url = "/app/api/json/imaging/staffonly/s1.jpg";
    auto staff = get_as(alice_, url);
    ASSERT_EQ(staff.status, 200) << staff.body;
    EXPECT_EQ(staff.header("cache-control").rfind("private", 0), 0u);
    EXPECT_NE(staff.header("vary").find("Cookie, Authorization"), std::string::npos);
    auto anonymous = get_as("", url);
    EXPECT_EQ(anonymous.status, 403);
    EXPECT_EQ(json::parse(anonymous.body)["code"], "403/1100");
    EXPECT_EQ(anonymous.header("cache-control"), "no-store");
    auto conditional = http_get(server_->url(url), {"If-None-Match: " + staff.header("etag")});
    EXPECT_EQ(conditional.status, 403);
    // The same pixels through an open action stay public and have another ETag.
    EXPECT_EQ(get_as("", "/app/api/json/imaging/small/s1.jpg").header("cache-control"),
              "public, max-age=3600");
}

} // namespace
} // namespace pictor::test
