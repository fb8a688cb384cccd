// The display API against the real binary: every parameter, decoded answers, error shapes.
#include <fstream>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

class Display : public PictorTest {};

void expect_size(const HttpResponse& r, int w, int h, const char* loader = "jpegload_buffer") {
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = decode(r.body);
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.width, w);
    EXPECT_EQ(d.height, h);
    EXPECT_EQ(d.loader, loader);
}

void expect_display_error(const HttpResponse& r, int status, const std::string& message_part) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.header("cache-control"), "no-store");
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    for (const char* k : {"title", "message", "url", "timestamp", "status"})
        EXPECT_TRUE(j.contains(k)) << k << " missing in " << r.body;
    EXPECT_EQ(j["status"], status);
    EXPECT_NE(j["message"].get<std::string>().find(message_part), std::string::npos) << r.body;
}

TEST_F(Display, SizesByWidthHeightBoxPercentAndName) {
    expect_size(get("/api/display/photo.jpg?hsize=300"), 300, 200);
    expect_size(get("/api/display/photo.jpg?vsize=100"), 150, 100);
    expect_size(get("/api/display/photo.jpg?hsize=300&vsize=100"), 150, 100);
    expect_size(get("/api/display/photo.jpg?size=5"), 300, 200);
    expect_size(get("/api/display/photo.jpg?image_size=thumbnail"), 200, 133);
    expect_size(get("/api/display/photo.jpg?image_size=table"), 100, 67);
    expect_size(get("/api/0.4/display/photo.jpg?image_size=table"), 100, 67);
    // Shrink only, and EXIF orientation applied (portrait.jpg is stored 600x400, tag 6).
    expect_size(get("/api/display/small.gif?hsize=1000"), 64, 48, "gifload_buffer");
    expect_size(get("/api/display/portrait.jpg?image_size=thumbnail"), 133, 200);
}

TEST_F(Display, PixelsComeFromTheRightPlace) {
    auto r = get("/api/display/photo.jpg?hsize=300");
    ASSERT_EQ(r.status, 200);
    // photo.jpg: red grows with x, green with y.
    EXPECT_TRUE(near(pixel(r.body, 150, 100), {127, 127}));
    EXPECT_TRUE(near(pixel(r.body, 290, 10), {246, 13}, 16));
}

TEST_F(Display, NoParameterIsTheOriginalSizeInTheSourceFormat) {
    expect_size(get("/api/display/alpha.png"), 800, 600, "pngload_buffer");
    auto nested = get("/api/display/collection%2Fpage1.jpg");
    expect_size(nested, 600, 400);
}

// OpenAtlas sends the file itself when no parameter is given: the original bytes, with
// validators, when the viewer may have the whole image.
TEST_F(Display, NoParameterSendsTheOriginalFile) {
    std::ifstream in(samples_dir() / "photo.jpg", std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), {});
    auto r = get("/api/display/photo.jpg");
    ASSERT_EQ(r.status, 200);
    // expose.originals = "stripped" (the default): the stored pixels, without the metadata.
    EXPECT_LT(r.body.size(), original.size());
    EXPECT_TRUE(same_pixels(r.body, original));
    EXPECT_EQ(r.header("content-type"), "image/jpeg");
    EXPECT_EQ(r.header("content-disposition"), "inline; filename=\"photo.jpg\"");
    ASSERT_FALSE(r.header("etag").empty());
    EXPECT_EQ(get("/api/display/photo.jpg", {"If-None-Match: " + r.header("etag")}).status, 304);
    auto download = get("/api/display/photo?download=true"); // the stem finds photo.jpg
    EXPECT_TRUE(download.body == r.body);
    EXPECT_EQ(download.header("content-disposition"), "attachment; filename=\"photo.jpg\"");
    // A format or size asked for is a rendition; TIFF is not shown by browsers: JPEG.
    EXPECT_NE(get("/api/display/photo.jpg?format=png").header("content-type"), "image/jpeg");
    EXPECT_EQ(get("/api/display/pyramid.tif").header("content-type"), "image/jpeg");
}

TEST_F(Display, IdentifierWithExtraExtensionOrWithoutExtension) {
    expect_size(get("/api/display/photo.jpg.png?hsize=30"), 30, 20);
    expect_size(get("/api/display/photo?hsize=30"), 30, 20);
    expect_size(get("/api/display/photo.whatever?hsize=30"), 30, 20);
}

TEST_F(Display, ExplicitFormats) {
    expect_size(get("/api/display/photo.jpg?hsize=30&format=png"), 30, 20, "pngload_buffer");
    expect_size(get("/api/display/photo.jpg?hsize=30&format=webp"), 30, 20, "webpload_buffer");
    expect_size(get("/api/display/photo.jpg?hsize=30&format=jpg"), 30, 20);
    auto avif = get("/api/display/photo.jpg?hsize=30&format=avif");
    ASSERT_EQ(avif.status, 200);
    EXPECT_EQ(avif.header("content-type"), "image/avif");
    EXPECT_EQ(avif.header("vary").find("Accept"), std::string::npos); // not negotiated
}

TEST_F(Display, AutoFormatIsNegotiatedFromAccept) {
    struct Case {
        const char* accept;
        const char* type;
    };
    for (auto c : {Case{"image/avif,image/webp,image/apng,image/*,*/*;q=0.8", "image/avif"},
                   Case{"image/webp,*/*", "image/webp"}, Case{"*/*", "image/jpeg"},
                   Case{"image/avif;q=0.4,image/webp;q=0.9", "image/webp"},
                   Case{"text/html", "image/jpeg"}}) {
        auto r = get("/api/display/photo.jpg?hsize=40&format=auto",
                     {std::string("Accept: ") + c.accept});
        ASSERT_EQ(r.status, 200) << c.accept;
        EXPECT_EQ(r.header("content-type"), c.type) << c.accept;
        EXPECT_NE(r.header("vary").find("Accept"), std::string::npos);
        auto d = decode(r.body);
        EXPECT_TRUE(d.ok) << c.accept;
        EXPECT_EQ(d.width, 40);
    }
}

TEST_F(Display, DownloadSetsContentDisposition) {
    EXPECT_EQ(get("/api/display/photo.jpg?hsize=30&download=true").header("content-disposition"),
              "attachment; filename=\"photo.jpg\"");
    EXPECT_EQ(get("/api/display/photo.jpg?hsize=30&download=false").header("content-disposition"),
              "inline; filename=\"photo.jpg\"");
    EXPECT_EQ(get("/api/display/photo.jpg?hsize=30&format=webp").header("content-disposition"),
              "inline; filename=\"photo.webp\"");
}

// OpenAtlas' API parser adds `count` and `download` to every endpoint, and its clients carry
// `format=lp` (its data format) along: the display answer is the same image.
TEST_F(Display, OpenAtlasSharedParametersAreAcceptedWithoutEffect) {
    auto plain = get("/api/display/photo.jpg?image_size=thumbnail");
    ASSERT_EQ(plain.status, 200);
    for (const char* extra : {"&count=true", "&count=False", "&format=lp", "&format=geojson",
                              "&count=false&format=LOUD"}) {
        auto r = get(std::string("/api/display/photo.jpg?image_size=thumbnail") + extra);
        ASSERT_EQ(r.status, 200) << extra;
        EXPECT_EQ(r.header("etag"), plain.header("etag")) << extra;
        EXPECT_EQ(r.header("content-type"), "image/jpeg") << extra;
    }
    auto original = get("/api/display/photo.jpg?format=lp&count=true&download=TRUE");
    ASSERT_EQ(original.status, 200);
    EXPECT_EQ(original.header("content-disposition"), "attachment; filename=\"photo.jpg\"");
    EXPECT_EQ(original.header("etag"), get("/api/display/photo.jpg").header("etag"));
    expect_display_error(get("/api/display/photo.jpg?count=yes"), 400, "count");
    expect_display_error(get("/api/display/photo.jpg?format=csv"), 400, "format");
}

TEST_F(Display, BadParametersAre400InTheOpenAtlasShape) {
    expect_display_error(get("/api/display/photo.jpg?size=101"), 400, "between 1 and 100");
    expect_display_error(get("/api/display/photo.jpg?size=0"), 400, "between 1 and 100");
    expect_display_error(get("/api/display/photo.jpg?size=10&hsize=10"), 400, "only one");
    expect_display_error(get("/api/display/photo.jpg?image_size=thumbnail&size=3"), 400,
                         "only one");
    expect_display_error(get("/api/display/photo.jpg?image_size=poster"), 400, "thumbnail, table");
    expect_display_error(get("/api/display/photo.jpg?hsize=-4"), 400, "hsize");
    expect_display_error(get("/api/display/photo.jpg?hsize=20000"), 400, "hsize");
    expect_display_error(get("/api/display/photo.jpg?format=bmp"), 400, "format");
    expect_display_error(get("/api/display/photo.jpg?download=maybe"), 400, "download");
    expect_display_error(get("/api/display/photo.jpg?bogus=1"), 400, "unknown parameter");
    expect_display_error(get("/api/display/photo.jpg?size=%"), 400, "percent");
    expect_display_error(get("/api/display/nothing.jpg"), 404, "nothing.jpg");
    expect_display_error(get("/api/display/..%2Fetc%2Fpasswd"), 400, "invalid identifier");
    expect_display_error(get("/api/display/notes.txt"), 415, "not a supported image");
    // Another /api/ path answers in the same JSON shape, not plain text.
    for (const char* other : {"/api/nothing", "/api/0.4/entity/5117", "/api/"})
        expect_display_error(get(other), 404, "does not exist");
    auto err = get("/api/display/photo.jpg?size=101");
    auto j = nlohmann::json::parse(err.body);
    EXPECT_EQ(j["title"], "Invalid request");
    EXPECT_NE(j["url"].get<std::string>().find("/api/display/photo.jpg?size=101"),
              std::string::npos);
}

// OpenAtlas' Flask serves files with send_file: a name beyond ASCII gets RFC 6266's
// filename* (UTF-8, percent-encoded) beside an ASCII filename, so browsers save it by its name.
TEST_F(Display, NonAsciiFileNamesGetFilenameStar) {
    std::filesystem::copy_file(root_->path() / "photo.jpg", root_->path() / "Bürgerhaus.jpg");
    auto r = get("/api/display/B%C3%BCrgerhaus.jpg?download=true");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-disposition"),
              "attachment; filename=\"Brgerhaus.jpg\"; filename*=UTF-8''B%C3%BCrgerhaus.jpg");
    auto sized = get("/api/display/B%C3%BCrgerhaus.jpg?image_size=thumbnail");
    ASSERT_EQ(sized.status, 200);
    EXPECT_NE(sized.header("content-disposition").find("filename*=UTF-8''B%C3%BCrgerhaus"),
              std::string::npos)
        << sized.header("content-disposition");
    // An ASCII name keeps the one parameter it always had.
    EXPECT_EQ(get("/api/display/photo.jpg?download=true").header("content-disposition"),
              "attachment; filename=\"photo.jpg\"");
}

// OpenAtlas serves originals with Flask's send_file, which answers byte ranges: a download
// manager or a browser's media element resumes with Range (and If-Range), and gets 206.
TEST_F(Display, OriginalsAnswerByteRanges) {
    for (const char* path : {"/api/display/photo.jpg", "/original/photo.jpg"}) {
        SCOPED_TRACE(path);
        auto whole = get(path);
        ASSERT_EQ(whole.status, 200);
        EXPECT_EQ(whole.header("accept-ranges"), "bytes");
        const std::string& bytes = whole.body;
        auto part = get(path, {"Range: bytes=100-199"});
        ASSERT_EQ(part.status, 206);
        EXPECT_EQ(part.body, bytes.substr(100, 100));
        EXPECT_EQ(part.header("content-range"), "bytes 100-199/" + std::to_string(bytes.size()));
        EXPECT_EQ(get(path, {"Range: bytes=-10"}).body, bytes.substr(bytes.size() - 10));
        // If-Range names the representation: the current ETag resumes, another one starts over.
        EXPECT_EQ(get(path, {"Range: bytes=0-9", "If-Range: " + whole.header("etag")}).status, 206);
        EXPECT_EQ(get(path, {"Range: bytes=0-9", "If-Range: \"old\""}).status, 200);
        auto beyond = get(path, {"Range: bytes=" + std::to_string(bytes.size()) + "-"});
        EXPECT_EQ(beyond.status, 416);
        EXPECT_EQ(beyond.header("content-range"), "bytes */" + std::to_string(bytes.size()));
    }
    // A rendition is not a file: no ranges.
    EXPECT_EQ(get("/api/display/photo.jpg?size=30", {"Range: bytes=0-9"}).status, 200);
}

// An unknown route under /api/ is OpenAtlas' "Endpoint not found", in its JSON shape.
TEST_F(Display, UnknownApiRoutesAreEndpointNotFound) {
    for (const char* path : {"/api/nothing", "/api/0.4/nothing/photo.jpg", "/api/"}) {
        auto r = get(path);
        EXPECT_EQ(r.status, 404) << path;
        auto j = nlohmann::json::parse(r.body);
        EXPECT_EQ(j["title"], "Endpoint not found") << path;
        EXPECT_EQ(j["status"], 404);
    }
    // A missing file under a real endpoint keeps its own title.
    EXPECT_EQ(nlohmann::json::parse(get("/api/display/nothing.jpg").body)["title"],
              "File not found");
}

TEST_F(Display, SharesTheCacheEntryWithTheEqualIiifRequest) {
    auto first = get("/api/display/photo.jpg?hsize=310");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.header("x-pictor-cache"), "miss");
    auto iiif = get("/iiif/3/photo.jpg/full/310,/0/default.jpg");
    ASSERT_EQ(iiif.status, 200);
    EXPECT_EQ(iiif.header("x-pictor-cache"), "hit");
    EXPECT_EQ(iiif.body, first.body);
    EXPECT_EQ(iiif.header("etag"), first.header("etag"));
}

} // namespace
} // namespace pictor::test
