// The converter (/imageconverter/) through HTTP: every operation, every scale type's output
// dimensions, best match, metadata, auth, keys and contexts. Malformed uploads, concurrency and
// crashes: converter_robustness_test.cpp.
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/converter/converter_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ScaleCase {
    const char* source; // sample file
    const char* format;
    int width, height;
};

// alpha.png 800x600; portrait.jpg displays 400x600 (EXIF 6); small.gif 64x48.
const ScaleCase kScales[] = {
    {"alpha.png", "jpg:200x200", 200, 150},
    {"alpha.png", "jpg:200x200~containforcedimension", 200, 200},
    {"alpha.png", "jpg:200x200~cover", 267, 200},
    {"alpha.png", "jpg:200x200~coverandcrop", 200, 200},
    {"portrait.jpg", "jpg:200x200", 133, 200},
    {"portrait.jpg", "jpg:200x200~containforcedimension", 200, 200},
    {"portrait.jpg", "jpg:200x200~cover", 200, 300},
    {"portrait.jpg", "jpg:200x200~coverandcrop", 200, 200},
    {"portrait.jpg", "jpg:200x200~norotate", 200, 133},
    {"portrait.jpg", "jpg:300x-1", 300, 450},
    {"small.gif", "jpg:200x200", 64, 48},
    {"small.gif", "jpg:200x200~containforcedimension", 200, 200},
    {"small.gif", "jpg:200x200~cover", 64, 48},
    {"small.gif", "jpg:200x200~coverandcrop", 200, 200},
    {"small.gif", "jpg:200x200~expand", 200, 150},
    {"small.gif", "jpg:200x200~cover~expand", 267, 200},
    // Request formats OX itself accepts (ImageFormat.parseImageFormat): a lone number is a width,
    // the older '-' separator, an unknown type read as jpg.
    {"alpha.png", "jpg:200", 200, 150},
    {"alpha.png", "jpg:200x200-cover@60", 267, 200},
    {"alpha.png", "bmp:200x200", 200, 150},
    {"portrait.jpg", "jpg:200x200-coverandcrop", 200, 200},
};

void PrintTo(const ScaleCase& c, std::ostream* os) { *os << c.source << " " << c.format; }

class ConverterScale : public Converter, public ::testing::WithParamInterface<ScaleCase> {};

TEST_P(ConverterScale, OutputDimensions) {
    const auto& c = GetParam();
    // A key of its own: cacheAndGetImage on an existing key answers from that key's set.
    std::string key = std::string("scale-") + c.source + "-" + c.format;
    for (auto& ch : key)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-') ch = '_';
    auto r = upload(*server_, "cacheAndGetImage/" + key + "/" + c.format, samples_dir() / c.source);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("x-pictor-rendition"), r.header("x-pictor-requested"));
    auto d = decode(r.body);
    EXPECT_EQ(d.width, c.width);
    EXPECT_EQ(d.height, c.height);
}

INSTANTIATE_TEST_SUITE_P(Sources, ConverterScale, ::testing::ValuesIn(kScales));

TEST_F(Converter, AutoFormatAndPaddingFollowTheSource) {
    auto png = upload(*server_, "cacheAndGetImage/auto-a/auto:100x100~containforcedimension",
                      samples_dir() / "alpha.png");
    ASSERT_EQ(png.status, 200);
    EXPECT_EQ(png.header("content-type"), "image/png");
    auto d = decode(png.body);
    EXPECT_EQ(d.width, 100);
    EXPECT_EQ(d.bands, 4);
    EXPECT_EQ(pixel(png.body, 50, 1).back(), 0); // transparent padding
    auto jpg = upload(*server_, "cacheAndGetImage/auto-b/auto:100x100~containforcedimension@90",
                      samples_dir() / "portrait.jpg");
    EXPECT_EQ(jpg.header("content-type"), "image/jpeg");
    EXPECT_TRUE(near(pixel(jpg.body, 2, 50), {255, 255, 255})); // white padding
    auto webp = get("getImage/auto-b/webp:100x100~containforcedimension");
    EXPECT_EQ(webp.header("content-type"), "image/jpeg"); // best match: the stored one
}

// OX's cacheAndGetImage creates a key's set only "if not available": a second call with another
// image answers from the first; cacheImage is what replaces.
TEST_F(Converter, CacheAndGetAnswersFromAnExistingKeyAndCacheImageReplaces) {
    const fs::path first = root_->path() / "small.gif", second = samples_dir() / "alpha.png";
    auto a = upload(*server_, "cacheAndGetImage/kept/png:40x30?context=o", first);
    ASSERT_EQ(a.status, 200) << a.body;
    auto again = upload(*server_, "cacheAndGetImage/kept/png:40x30?context=o", second);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.body, a.body); // still the first image
    ASSERT_EQ(upload(*server_, "cacheImage/kept?context=o", second).status, 200);
    wait_for_set("kept", "?context=o");
    auto replaced = get("getImage/kept/png:40x30?context=o");
    ASSERT_EQ(replaced.status, 200);
    EXPECT_NE(replaced.body, a.body);
    // Image answers carry validators (docs/caching.md): a revalidation is a 304 until the key
    // changes.
    const std::string etag = a.header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_FALSE(a.header("last-modified").empty());
    EXPECT_NE(replaced.header("etag"), etag);
    auto same =
        get("getImage/kept/png:40x30?context=o", {"If-None-Match: " + replaced.header("etag")});
    EXPECT_EQ(same.status, 304);
    EXPECT_EQ(same.body, "");
    EXPECT_EQ(same.header("etag"), replaced.header("etag"));
    EXPECT_EQ(get("getImage/kept/png:40x30?context=o", {"If-None-Match: " + etag}).status, 200);
    EXPECT_EQ(get("getImage/kept/png:40x30?context=o", {"If-Match: \"other\""}).status, 412);
}

TEST_F(Converter, CacheImageRendersTheSetAndGetImageBestMatches) {
    auto r = upload(*server_, "cacheImage/set?context=s", samples_dir() / "photo.jpg");
    ASSERT_EQ(r.status, 413) << "photo.jpg is above converter.upload_bytes";
    // In the converter's JSON, like every converter error, and never cached.
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(json::parse(r.body)["code"], 413) << r.body;
    EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("larger"), std::string::npos);
    EXPECT_NE(r.header("cache-control").find("no-store"), std::string::npos);
    r = upload(*server_, "cacheImage/set?context=s", samples_dir() / "collection/page1.jpg");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["imageKey"], "set");
    wait_for_set("set", "?context=s");
    auto rendition = [&](const std::string& f) {
        return get("getImage/set/" + f + "?context=s").header("x-pictor-rendition");
    };
    EXPECT_EQ(rendition("auto:200x150"), "auto:200x150~contain@75");
    EXPECT_EQ(rendition("auto:190x140"), "auto:200x150~contain@75");
    EXPECT_EQ(rendition("png:700x700"), "auto:800x800~contain@75");
    EXPECT_EQ(rendition("auto:1920x1080~coverandcrop"), "auto:1920x1080~cover@75");
    EXPECT_EQ(get("getImage/set/auto:200x150").status, 404); // other context
    auto head =
        http_request("HEAD", server_->url("/imageconverter/getImage/set/auto:200x150?context=s"));
    EXPECT_EQ(head.status, 200);
}

TEST_F(Converter, MetadataOfAJpegWithExifAndGps) {
    auto dir = make_temp_dir("exif");
    fs::copy_file(samples_dir() / "portrait.jpg", dir / "gps.jpg");
    std::string cmd = "exiftool -q -overwrite_original -Make=PictorCam -GPSLatitude=48.8584 "
                      "-GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E " +
                      (dir / "gps.jpg").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto r = upload(*server_, "cacheAndGetImageAndMetadata/gps/auto:200x150", dir / "gps.jpg");
    fs::remove_all(dir);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.header("content-type").rfind("multipart/form-data; boundary=", 0), 0u);
    EXPECT_NE(r.body.find("name=\"image\""), std::string::npos);
    auto at = r.body.find("name=\"metadata\"");
    ASSERT_NE(at, std::string::npos);
    auto start = r.body.find("\r\n\r\n", at) + 4;
    auto meta = json::parse(r.body.substr(start, r.body.find("\r\n--", start) - start));
    EXPECT_EQ(meta["width"], 400);
    EXPECT_EQ(meta["height"], 600);
    EXPECT_EQ(meta["format"], "jpg");
    EXPECT_EQ(meta["Exif"]["Make"], "PictorCam");
    EXPECT_EQ(meta["Exif"]["Orientation"], "6");
    EXPECT_TRUE(meta["GPS"].contains("GPSLatitude")) << meta["GPS"].dump();
    EXPECT_EQ(meta["GPS"]["GPSLatitudeRef"], "N");
    EXPECT_TRUE(meta["File"].contains("File Size"));
    EXPECT_FALSE(meta["Header"].contains("filename")); // no server paths
    auto alone = get("getMetadata/gps");
    ASSERT_EQ(alone.status, 200);
    EXPECT_EQ(json::parse(alone.body), meta);
    auto both = get("getImageAndMetadata/gps/auto:200x150");
    EXPECT_EQ(both.status, 200);
    EXPECT_NE(both.body.find("PictorCam"), std::string::npos);
}

TEST_F(Converter, UnknownKeysAndBadFormats) {
    auto r = get("getImage/nothing-here/auto:200x150");
    EXPECT_EQ(r.status, 404);
    auto body = json::parse(r.body);
    EXPECT_EQ(body["code"], 404);
    EXPECT_FALSE(body["message"].get<std::string>().empty());
    EXPECT_EQ(get("getMetadata/nothing-here").status, 404);
    // Only a size that is not a number (or is beyond 100000) cannot be read.
    for (const char* bad : {"auto:axb", "auto:100001x1"})
        EXPECT_EQ(get(std::string("getImage/k/") + bad).status, 400) << bad;
    // What ImageFormat.parseImageFormat accepts is a format, and an unknown key stays a 404 for
    // it: bare types and boxes, clamped qualities, unknown or repeated flags, a bare "crop",
    // blanks around it.
    for (const char* ox :
         {"auto:0x10", "bmp:10x10", "jpg:200", "jpg:200x150-cover@60", "jpg", "auto", "200x150",
          "auto:10x10@0", "auto:10x10@101", "auto:10x10~stretch", "auto:10x10~cover~cover",
          "auto:200x150~crop", "auto:200x150%20"})
        EXPECT_EQ(get(std::string("getImage/k/") + ox).status, 404) << ox;
    EXPECT_EQ(get("noSuchOperation").status, 404);
    EXPECT_EQ(http_request("DELETE", server_->url("/imageconverter/getImage/k/auto:1x1")).status,
              405);
}

TEST_F(Converter, AdminOperationsNeedBasicAuth) {
    for (auto [method, path] : {std::pair{"GET", "getKeys"}, std::pair{"DELETE", "clearImages"},
                                std::pair{"DELETE", "clearImagesByKey/x"}}) {
        auto r = http_request(method, server_->url(std::string("/imageconverter/") + path));
        EXPECT_EQ(r.status, 401) << path;
        EXPECT_NE(r.header("www-authenticate").find("Basic"), std::string::npos);
        auto wrong = http_request(method, server_->url(std::string("/imageconverter/") + path),
                                  {"Authorization: Basic b3g6bm9wZQ=="});
        EXPECT_EQ(wrong.status, 401);
    }
    EXPECT_EQ(get("getKeys", {kCreds}).status, 200);
    EXPECT_EQ(get("getKeyCount").status, 200);
    auto status = get("status");
    EXPECT_EQ(status.status, 200);
    EXPECT_EQ(status.header("content-type").rfind("text/html", 0), 0u);
    auto metrics = get("status?metrics=yes");
    for (const char* m : {"pictor_converter_hit_ratio", "pictor_converter_keys_processed_total",
                          "pictor_converter_key_processing_ms_median",
                          "pictor_converter_requests_total", "pictor_converter_request_ms_median",
                          "pictor_converter_queue_peak", "pictor_converter_queue_wait_ms_median",
                          "pictor_converter_keys", "pictor_converter_bytes"})
        EXPECT_NE(metrics.body.find(m), std::string::npos) << m;
    EXPECT_NE(http_get(server_->url("/metrics")).body.find("pictor_converter_keys "),
              std::string::npos);
}

TEST(ConverterKeys, ContextsCountsAndClearing) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"converter.user=ox", "converter.password=secret-pw"});
    auto gif = samples_dir() / "small.gif";
    ASSERT_EQ(upload(server, "cacheImage/k1?context=a", gif).status, 200);
    ASSERT_EQ(upload(server, "cacheImage/k1?context=b", gif).status, 200);
    ASSERT_EQ(upload(server, "cacheImage/k%2F..%2Fodd%20key?context=a", gif).status, 200);
    auto count = [&](const std::string& q) {
        return json::parse(http_get(server.url("/imageconverter/getKeyCount" + q)).body)["count"]
            .get<int>();
    };
    // k1 lives in two contexts: one key for getKeys and getKeyCount alike.
    EXPECT_EQ(count(""), 2);
    auto all = json::parse(http_get(server.url("/imageconverter/getKeys"), {kCreds}).body);
    EXPECT_EQ(all["keys"].size(), 2u);
    EXPECT_EQ(count("?context=a"), 2);
    EXPECT_EQ(count("?context=zzz"), 0);
    EXPECT_EQ(count("?context="), count("")); // an empty context is no context (OpenAPI default)
    auto keys =
        json::parse(http_get(server.url("/imageconverter/getKeys?context=a"), {kCreds}).body);
    EXPECT_EQ(keys["keys"], json::array({"k/../odd key", "k1"}));
    auto cleared =
        http_request("DELETE", server.url("/imageconverter/clearImages?context=a"), {kCreds});
    EXPECT_EQ(cleared.status, 200);
    EXPECT_EQ(count(""), 1);
    EXPECT_EQ(
        http_request("DELETE", server.url("/imageconverter/clearImagesByKey/k1"), {kCreds}).status,
        200);
    EXPECT_EQ(count(""), 0);
    EXPECT_EQ(
        http_request("DELETE", server.url("/imageconverter/clearImagesByKey/k1"), {kCreds}).status,
        404);
}

// OX's clients ask for a member of the target set right after uploading (cacheImage, then
// getImage/auto:800x800 for the preview pane): the answer is that member, rendered for the
// request if the background queue has not got to it, never a smaller member meanwhile.
TEST(ConverterPending, ASetMemberStillQueuedIsRenderedForItsRequest) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"converter.user=ox", "converter.password=secret-pw",
                                       "converter.upload_bytes=20000000"});
    start_vips();
    auto photo = samples_dir() / "photo.jpg"; // 6000x4000: the queue takes seconds for the set
    struct Case {
        std::string op, format;
        int width, height; // of the answer
    };
    int n = 0;
    for (const Case& c : {Case{"getImage", "auto:800x800", 800, 533},
                          Case{"getImage", "auto:1920x1080~cover", 1920, 1280},
                          Case{"getImageAndMetadata", "auto:800x800", 0, 0}}) {
        std::string key = "pending-" + std::to_string(++n); // a fresh set each time
        ASSERT_EQ(upload(server, "cacheImage/" + key + "?context=p", photo).status, 200);
        auto r = http_get(
            server.url("/imageconverter/" + c.op + "/" + key + "/" + c.format + "?context=p"));
        ASSERT_EQ(r.status, 200) << c.op << " " << c.format << ": " << r.body;
        EXPECT_EQ(r.header("x-pictor-rendition"), r.header("x-pictor-requested"))
            << c.op << " " << c.format;
        if (c.width > 0) {
            auto image = decode(r.body);
            EXPECT_EQ(image.width, c.width) << c.format;
            EXPECT_EQ(image.height, c.height) << c.format;
        }
    }
    // cacheAndGetImage on a key whose set is still being rendered answers from that set.
    ASSERT_EQ(upload(server, "cacheImage/again?context=p", photo).status, 200);
    auto again = upload(server, "cacheAndGetImage/again/auto:800x800?context=p", photo);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.header("x-pictor-rendition"), "auto:800x800~contain@75");
    EXPECT_EQ(decode(again.body).width, 800);
}

} // namespace
} // namespace pictor::test

namespace pictor::test {
namespace {

// converter.context_max_keys / _bytes: an upload past the bound removes the context's least
// recently used keys (a read counts as use), never the key being uploaded and never another
// context's; pictor_converter_evicted_keys_total counts them. Anonymous writes are 401.
TEST(ConverterBound, UploadsPastTheBoundEvictTheLeastRecentlyUsed) {
    TempImageRoot root;
    ServerProcess server(root.path(),
                         {"converter.user=ox", "converter.password=secret-pw",
                          "converter.context_max_keys=3", "converter.context_max_bytes=400000"});
    auto gif = samples_dir() / "small.gif";
    auto present = [&](const std::string& key, const std::string& context = "c") {
        return http_get(
                   server.url("/imageconverter/getImage/" + key + "/jpg:20x20?context=" + context))
                   .status == 200;
    };
    std::string anonymous = multipart({{"sourceImage", read_bytes(gif)}});
    EXPECT_EQ(http_request("POST", server.url("/imageconverter/cacheImage/x?context=c"),
                           {"Content-Type: multipart/form-data; boundary=TestBoundary42"},
                           &anonymous)
                  .status,
              401);
    for (std::string key : {"k1", "k2", "k3"})
        ASSERT_EQ(upload(server, "cacheImage/" + key + "?context=c", gif).status, 200);
    ASSERT_EQ(upload(server, "cacheImage/k1?context=other", gif).status, 200);
    // k1 is read more than a second after its upload: k2 is now the least recently used.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_TRUE(present("k1"));
    ASSERT_EQ(upload(server, "cacheImage/k4?context=c", gif).status, 200);
    EXPECT_TRUE(present("k1"));
    EXPECT_FALSE(present("k2"));
    EXPECT_TRUE(present("k3"));
    EXPECT_TRUE(present("k4"));
    EXPECT_TRUE(present("k1", "other")) << "another context keeps its keys";
    EXPECT_EQ(series(server, "pictor_converter_evicted_keys_total"), 1);
    // A source larger than the byte bound by itself: every other key goes, never this one.
    ASSERT_EQ(upload(server, "cacheImage/big?context=c", samples_dir() / "photo.jpg").status, 200);
    EXPECT_TRUE(present("big"));
    auto count =
        json::parse(http_get(server.url("/imageconverter/getKeyCount?context=c")).body)["count"];
    EXPECT_EQ(count.get<int>(), 1);
    EXPECT_EQ(series(server, "pictor_converter_evicted_keys_total"), 4);
    EXPECT_TRUE(present("k1", "other"));
}

} // namespace
} // namespace pictor::test
