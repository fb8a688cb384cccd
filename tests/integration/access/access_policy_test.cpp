// The access policy (docs/access.md) end to end beyond the scenario table
// (access_table_test.cpp): the substitute service, one rounding rule in every dialect, info.json
// of restricted assets, cache and proxy safety, symlinks, refusals and background thumbnails.
#include <filesystem>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Access : public AccessServer {};

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
    EXPECT_NE(staff.header("vary").find("Cookie, Authorization"), std::string::npos);
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
    EXPECT_NE(staff.header("vary").find("Cookie, Authorization"), std::string::npos);
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

// A MediaWiki client reading the file document of a role-protected file (s6: staff only, open
// up to 400 px): MediaWiki gives what the reader may see, so "preferred" and "thumbnail" are the
// largest open thumbnails and "original" has no URL; no field the schema types as a string is
// ever null.
TEST_F(Access, FileDocumentsOfProtectedFilesKeepMediaWikisSchema) {
    auto r = get_as("", "/v1/file/s6.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = nlohmann::json::parse(r.body);
    for (const char* key : {"preferred", "thumbnail"}) {
        ASSERT_TRUE(j.contains(key)) << r.body;
        ASSERT_TRUE(j[key]["url"].is_string()) << key << ": " << r.body;
        EXPECT_LE(j[key]["width"].get<int>(), 400) << key;
        std::string url = j[key]["url"];
        EXPECT_EQ(get_as("", url.substr(url.find("/thumb/"))).status, 200) << url;
    }
    EXPECT_FALSE(j["original"].contains("url")) << r.body;
    EXPECT_EQ(j["original"]["width"], 6000);
    auto list = nlohmann::json::parse(get_as("", "/v1/file/s6.jpg/thumbnails").body);
    EXPECT_FALSE(list["original"].contains("url"));
    // Staff may have everything.
    auto staff = nlohmann::json::parse(get_as(alice_, "/v1/file/s6.jpg").body);
    EXPECT_TRUE(staff["original"]["url"].is_string());
}

// IIIF 2.1's `full` is the unscaled image: for s2 (maxWidth 1000) it cannot be answered and
// is a 400, while `max` is the largest size there is (1000 wide); 3.0 has only `max`.
TEST_F(Access, TwoOneFullOfAConfinedImageIsAnErrorAndMaxItsLargestSize) {
    auto full = get_as("", "/iiif/2/s2.jpg/full/full/0/default.jpg");
    EXPECT_EQ(full.status, 400) << full.body;
    EXPECT_NE(full.body.find("max"), std::string::npos) << full.body;
    auto max = get_as("", "/iiif/2/s2.jpg/full/max/0/default.jpg");
    ASSERT_EQ(max.status, 200);
    EXPECT_EQ(decode(max.body).width, 1000);
    // An open image is answered whole.
    EXPECT_EQ(decode(get_as("", "/iiif/2/s1.jpg/full/full/0/default.jpg").body).width, 6000);
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
