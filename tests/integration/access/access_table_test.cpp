// The access policy's acceptance table (docs/access.md) end to end: the eleven scenarios
// for every viewer and kind of request through IIIF 3 and 2, the display API, the file REST API and
// imaging actions, with the caching headers of every answer.
#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

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

class AccessTable : public AccessServer, public ::testing::WithParamInterface<Row> {
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
    // anonymous viewers too (docs/files.md).
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

} // namespace
} // namespace pictor::test
