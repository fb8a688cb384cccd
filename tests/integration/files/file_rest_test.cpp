// The file and thumbnails REST API (MediaWiki shape) against the real binary.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

class FileRest : public PictorTest {};

void expect_mediawiki_error(const HttpResponse& r, int status, const std::string& key) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("cache-control"), "no-store");
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["httpCode"], status);
    EXPECT_TRUE(j["httpReason"].is_string());
    EXPECT_TRUE(j["message"].is_string());
    EXPECT_EQ(j["errorKey"], key) << r.body;
}

// MediaWiki titles: "File:" prefix, '_' for ' ', a capital first letter; the names the listing
// hands out are served.
TEST_F(FileRest, TitlesAreNormalisedAsMediaWikiDoes) {
    std::filesystem::copy_file(root_->path() / "photo.jpg", root_->path() / "My file.jpg");
    for (const char* title :
         {"My%20file.jpg", "My_file.jpg", "File:My_file.jpg", "File:My%20file.jpg", "my_file.jpg",
          "%20My_file.jpg", "My_file.jpg_", "FILE:my%20file.jpg", "image:My__file.jpg"}) {
        SCOPED_TRACE(title);
        auto info = get(std::string("/v1/file/") + title);
        ASSERT_EQ(info.status, 200) << info.body;
        EXPECT_EQ(json::parse(info.body)["title"], "My file.jpg");
        auto list = get(std::string("/v1/file/") + title + "/thumbnails");
        ASSERT_EQ(list.status, 200);
        std::string url = json::parse(list.body)["thumbnails"][0]["url"];
        EXPECT_EQ(get(url.substr(url.find("/thumb/"))).status, 200) << url;
        EXPECT_EQ(get(std::string("/thumb/") + title + "/120px-My_file.jpg").status, 200);
        EXPECT_EQ(get(std::string("/original/") + title).status, 200);
    }
    EXPECT_EQ(get("/v1/file/File:No_such_file.jpg").status, 404);
    // $wgCapitalLinks: the first letter's case does not tell files apart, and answers name the
    // normalised display title (a store may hold "photo.jpg" or "under_score.jpg").
    std::filesystem::copy_file(root_->path() / "photo.jpg", root_->path() / "under_score.jpg");
    for (auto [title, display] :
         {std::pair{"File:Photo.jpg", "Photo.jpg"}, std::pair{"%20photo.jpg", "Photo.jpg"},
          std::pair{"Under_score.jpg", "Under score.jpg"},
          std::pair{"File:Under%20score.jpg", "Under score.jpg"}}) {
        auto list = get(std::string("/v1/file/") + title + "/thumbnails");
        ASSERT_EQ(list.status, 200) << title << ": " << list.body;
        EXPECT_EQ(json::parse(list.body)["title"], display) << title;
        std::string url = json::parse(list.body)["thumbnails"][0]["url"];
        EXPECT_EQ(get(url.substr(url.find("/thumb/"))).status, 200) << url;
    }
}

// A wiki without $wgCapitalLinks: titles are case-sensitive, and answers keep the case.
TEST(FileRestTitles, WithoutCapitalLinksTheCaseCounts) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"thumbnails.capital_links=false"});
    auto list = http_get(server.url("/v1/file/File:photo.jpg/thumbnails"));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body)["title"], "photo.jpg");
    EXPECT_EQ(http_get(server.url("/v1/file/File:Photo.jpg/thumbnails")).status, 404);
}

// Every validator covers what shaped the answer: a listing made with other thumbnail steps (or
// another title rule) is a new ETag, so a client revalidating an old listing gets the new one
// instead of a 304 for URLs that no longer answer.
TEST(FileRestValidators, AListingsETagChangesWithItsSettings) {
    TempImageRoot root;
    std::string etag;
    {
        ServerProcess server(root.path());
        etag = http_get(server.url("/v1/file/photo.jpg/thumbnails")).header("etag");
        ASSERT_FALSE(etag.empty());
        EXPECT_EQ(http_get(server.url("/v1/file/photo.jpg/thumbnails"), {"If-None-Match: " + etag})
                      .status,
                  304);
    }
    for (const char* setting : {"thumbnails.steps=100 200 400", "thumbnails.capital_links=false",
                                "expose.originals=off"}) {
        ServerProcess server(root.path(), {setting});
        auto again =
            http_get(server.url("/v1/file/photo.jpg/thumbnails"), {"If-None-Match: " + etag});
        EXPECT_EQ(again.status, 200) << setting;
        EXPECT_NE(again.header("etag"), etag) << setting;
    }
}

// A 304 sends no Content-Length (RFC 9110 §15.4.5), in every dialect.
TEST_F(FileRest, NotModifiedAnswersCarryNoContentLength) {
    for (const char* path :
         {"/v1/file/photo.jpg/thumbnails", "/thumb/photo.jpg/60px-photo.jpg",
          "/api/display/photo.jpg?size=30", "/iiif/3/photo.jpg/full/100,/0/default.jpg"}) {
        auto first = get(path);
        ASSERT_EQ(first.status, 200) << path;
        for (const char* method : {"GET", "HEAD"}) {
            auto again = http_request(method, server_->url(path),
                                      {"If-None-Match: " + first.header("etag")});
            EXPECT_EQ(again.status, 304) << method << " " << path;
            EXPECT_EQ(again.header("content-length"), "") << method << " " << path;
        }
    }
}

TEST_F(FileRest, ThumbnailListForALandscapePhoto) {
    auto r = get("/v1/file/photo.jpg/thumbnails");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("cache-control"), "public, max-age=3600");
    EXPECT_EQ(r.header("etag").size(), 79u); // quoted SHA-256 of the source, "-", the settings
    EXPECT_FALSE(r.header("last-modified").empty());
    auto j = json::parse(r.body);
    EXPECT_EQ(j["title"], "Photo.jpg"); // MediaWiki's display title ($wgCapitalLinks)
    EXPECT_EQ(j["original"]["mediatype"], "BITMAP");
    EXPECT_EQ(j["original"]["width"], 6000);
    EXPECT_EQ(j["original"]["height"], 4000);
    EXPECT_EQ(j["original"]["url"], server_->url("/original/photo.jpg"));
    auto& t = j["thumbnails"];
    ASSERT_EQ(t.size(), 11u); // every default step is narrower than 6000
    EXPECT_EQ(t[3]["width"], 120);
    EXPECT_EQ(t[3]["height"], 80);
    EXPECT_EQ(t[3]["mime"], "image/jpeg");
    EXPECT_EQ(t[3]["url"], server_->url("/thumb/photo.jpg/120px-photo.jpg"));
    // MediaWiki's high-density renditions of the 120 step: its box 1.5 and 2 times as large.
    EXPECT_EQ(t[3]["responsive_urls"]["1.5"], server_->url("/thumb/photo.jpg/180px-photo.jpg"));
    EXPECT_EQ(t[3]["responsive_urls"]["2"], server_->url("/thumb/photo.jpg/240px-photo.jpg"));
    auto dense = get("/thumb/photo.jpg/240px-photo.jpg"); // served like the steps
    ASSERT_EQ(dense.status, 200) << dense.body;
    EXPECT_EQ(decode(dense.body).width, 240);
    EXPECT_EQ(decode(dense.body).height, 160);
    // 3840: 1.5x is 5760, below 6000; 2x would exceed the original.
    EXPECT_EQ(t[10]["responsive_urls"].size(), 1u);
    EXPECT_EQ(t[10]["responsive_urls"]["1.5"], server_->url("/thumb/photo.jpg/5760px-photo.jpg"));
    // Deterministic: the same bytes every time.
    EXPECT_EQ(get("/v1/file/photo.jpg/thumbnails").body, r.body);
}

// MediaWiki names a thumbnail after its real width: the 120 px step of a 400x600 portrait is
// 80 px wide, so it is "80px-portrait.jpg", and that name is what /thumb serves.
TEST_F(FileRest, PortraitThumbnailsAreNamedAfterTheirRealWidth) {
    auto j = json::parse(get("/v1/file/portrait.jpg/thumbnails").body);
    EXPECT_EQ(j["original"]["width"], 400); // displayed size, after EXIF orientation
    EXPECT_EQ(j["original"]["height"], 600);
    auto& t = j["thumbnails"];
    ASSERT_EQ(t.size(), 6u); // 20 .. 330 are narrower than 400
    EXPECT_EQ(t[0]["url"], server_->url("/thumb/portrait.jpg/13px-portrait.jpg"));
    EXPECT_EQ(t[3]["width"], 80);
    EXPECT_EQ(t[3]["height"], 120);
    EXPECT_EQ(t[3]["url"], server_->url("/thumb/portrait.jpg/80px-portrait.jpg"));
    // The 120 step's box 1.5 times as large (180) holds a 120x180 rendition.
    EXPECT_EQ(t[3]["responsive_urls"]["1.5"],
              server_->url("/thumb/portrait.jpg/120px-portrait.jpg"));
    auto thumb = get("/thumb/portrait.jpg/80px-portrait.jpg");
    ASSERT_EQ(thumb.status, 200);
    auto d = decode(thumb.body);
    EXPECT_EQ(d.width, 80);
    EXPECT_EQ(d.height, 120);
    // A width no thumbnail of this file has: the answer lists the widths that are (the steps'
    // and their 1.5x and 2x renditions).
    auto step = get("/thumb/portrait.jpg/121px-portrait.jpg");
    expect_mediawiki_error(step, 400, "rest-bad-request");
    EXPECT_NE(step.body.find("13, 20, 27, 40, 53, 60, 80, 120, 160, 167, 220, 250, 330, 333"),
              std::string::npos)
        << step.body;
    // The preferred variant (800x600 box: 400 px wide) is the original; no thumbnail is as wide.
    auto info = json::parse(get("/v1/file/portrait.jpg").body);
    EXPECT_EQ(info["thumbnail"]["url"], server_->url("/thumb/portrait.jpg/167px-portrait.jpg"));
}

TEST_F(FileRest, EveryListedThumbnailIsServedAtItsListedSize) {
    auto j = json::parse(get("/v1/file/alpha.png/thumbnails").body);
    ASSERT_EQ(j["thumbnails"].size(), 7u); // 20 .. 500 < 800
    std::string prefix = server_->url("");
    for (auto& t : j["thumbnails"]) {
        std::string url = t["url"];
        auto r = get(url.substr(prefix.size()));
        ASSERT_EQ(r.status, 200) << url;
        EXPECT_EQ(r.header("content-type"), "image/png");
        auto d = decode(r.body);
        EXPECT_EQ(d.width, t["width"].get<int>()) << url;
        EXPECT_EQ(d.height, t["height"].get<int>()) << url;
        EXPECT_EQ(d.bands, 4) << url; // alpha kept
    }
}

TEST_F(FileRest, NonJpegSourcesGetJpegThumbnailsNamedLikeMediaWiki) {
    auto j = json::parse(get("/v1/file/pyramid.tif/thumbnails").body);
    EXPECT_EQ(j["thumbnails"][0]["url"], server_->url("/thumb/pyramid.tif/20px-pyramid.tif.jpg"));
    EXPECT_EQ(j["thumbnails"][0]["mime"], "image/jpeg");
    auto r = get("/thumb/pyramid.tif/250px-pyramid.tif.jpg");
    ASSERT_EQ(r.status, 200);
    auto d = decode(r.body);
    EXPECT_EQ(d.width, 250);
    EXPECT_EQ(d.loader, "jpegload_buffer");
}

TEST_F(FileRest, FileInfoHasOriginalPreferredAndThumbnail) {
    auto r = get("/v1/file/photo.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = json::parse(r.body);
    EXPECT_EQ(j["title"], "Photo.jpg");
    EXPECT_EQ(j["original"]["width"], 6000);
    EXPECT_EQ(j["original"]["size"], std::filesystem::file_size(samples_dir() / "photo.jpg"));
    EXPECT_EQ(j["preferred"]["width"], 960); // 800x600 box -> 800 wide -> step 960
    EXPECT_EQ(j["preferred"]["url"], server_->url("/thumb/photo.jpg/960px-photo.jpg"));
    EXPECT_TRUE(j["preferred"]["size"].is_null());
    EXPECT_EQ(j["thumbnail"]["width"], 250);
    EXPECT_TRUE(j["latest"]["timestamp"].is_string());
}

TEST_F(FileRest, OriginalHasTheSourcePixels) {
    auto r = get("/original/collection%2Fpage1.jpg");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "image/jpeg");
    // expose.originals = "stripped" (the default): the stored pixels, without the metadata; an
    // ETag of its own (another document than the stored bytes).
    EXPECT_TRUE(same_pixels(r.body, read_bytes(samples_dir() / "collection" / "page1.jpg")));
    auto listing_etag = get("/v1/file/collection%2Fpage1.jpg/thumbnails").header("etag");
    // (The listing's ETag is the source's content hash and a digest of the listing's settings.)
    EXPECT_EQ(r.header("etag"), "\"" + listing_etag.substr(1, 64) + "-stripped\"");
}

TEST_F(FileRest, NonStepWidthsAre400ListingTheWidths) {
    auto r = get("/thumb/photo.jpg/121px-photo.jpg");
    expect_mediawiki_error(r, 400, "rest-bad-request");
    EXPECT_NE(r.body.find("20, 30, 40, 60, 80, 90, 120, 180, 240, 250, 330, 375, 495, 500, 660, "
                          "750, 960, 1000, 1280, 1440, 1920, 2560, 2880, 3840, 5760"),
              std::string::npos)
        << r.body;
    expect_mediawiki_error(get("/thumb/small.gif/120px-small.gif"), 400, "rest-bad-request");
    expect_mediawiki_error(get("/thumb/photo.jpg/120px-other.jpg"), 404, "rest-nonexistent-title");
    expect_mediawiki_error(get("/thumb/photo.jpg/abc"), 400, "rest-bad-request");
}

TEST_F(FileRest, ErrorsInMediaWikiShape) {
    expect_mediawiki_error(get("/v1/file/missing.jpg/thumbnails"), 404, "rest-nonexistent-title");
    expect_mediawiki_error(get("/v1/file/missing.jpg"), 404, "rest-nonexistent-title");
    expect_mediawiki_error(get("/original/missing.jpg"), 404, "rest-nonexistent-title");
    expect_mediawiki_error(get("/v1/file/notes.txt/thumbnails"), 400,
                           "rest-file-not-thumbnailable");
    // The header of a truncated JPEG reads fine; decoding it does not.
    expect_mediawiki_error(get("/thumb/truncated.jpg/20px-truncated.jpg"), 400,
                           "rest-file-not-thumbnailable");
    expect_mediawiki_error(get("/thumb/notes.txt/20px-notes.txt"), 400,
                           "rest-file-not-thumbnailable");
    expect_mediawiki_error(get("/v1/file/escape.jpg/thumbnails"), 404, "rest-nonexistent-title");
    expect_mediawiki_error(get("/v1/file/..%2Fsecret.jpg/thumbnails"), 400, "rest-bad-request");
    auto j = json::parse(get("/v1/file/notes.txt/thumbnails").body);
    EXPECT_EQ(j["message"], "The file (notes.txt) does not support public thumbnail generation.");
}

TEST_F(FileRest, ConditionalRequests) {
    auto first = get("/v1/file/photo.jpg/thumbnails");
    std::string etag = first.header("etag");
    std::string modified = first.header("last-modified");
    auto not_modified = get("/v1/file/photo.jpg/thumbnails", {"If-None-Match: " + etag});
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_EQ(not_modified.body, "");
    EXPECT_EQ(not_modified.header("etag"), etag);
    EXPECT_EQ(get("/v1/file/photo.jpg/thumbnails", {"If-Modified-Since: " + modified}).status, 304);
    EXPECT_EQ(
        get("/v1/file/photo.jpg/thumbnails", {"If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT"})
            .status,
        200);
    expect_mediawiki_error(get("/v1/file/photo.jpg/thumbnails", {"If-Match: \"nope\""}), 412,
                           "rest-precondition-failed");
    EXPECT_EQ(get("/v1/file/photo.jpg/thumbnails", {"If-Match: " + etag}).status, 200);
    expect_mediawiki_error(get("/v1/file/photo.jpg/thumbnails",
                               {"If-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT"}),
                           412, "rest-precondition-failed");
    auto thumb = get("/thumb/photo.jpg/60px-photo.jpg");
    EXPECT_EQ(
        get("/thumb/photo.jpg/60px-photo.jpg", {"If-None-Match: " + thumb.header("etag")}).status,
        304);
    EXPECT_NE(thumb.header("etag"), etag); // a thumbnail's ETag names its own bytes
}

} // namespace
} // namespace pictor::test
