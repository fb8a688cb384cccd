// The access policy (SPEC §4, seed 001) end to end: the eleven scenarios for every viewer and
// kind of request through IIIF, the display API and the file REST API; the substitute service,
// info.json of restricted assets, cache safety and background thumbnails.
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
    if (row.max == 200) {
        EXPECT_EQ(longest_edge(max), row.max_edge);
    }
    // Answers about a restricted asset are private and vary by cookie, errors never cached.
    bool restricted = row.scenario >= 4;
    if (max.status == 200) {
        EXPECT_EQ(max.header("cache-control").rfind(restricted ? "private" : "public", 0), 0u);
        if (restricted) {
            EXPECT_EQ(max.header("vary"), "Cookie, Authorization");
        }
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
    if (row.max == 200) {
        EXPECT_EQ(longest_edge(max), row.max_edge);
    }
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
} // namespace
} // namespace pictor::test
