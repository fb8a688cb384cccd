// Every output format is stripped of metadata: a JPEG carrying GPS, an author, XMP, IPTC and a
// comment is asked for in every format pictor writes, through IIIF and the display API, and no
// answer carries any of it (neither as a libvips field nor as bytes in the file).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <vips/vips.h>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

const char* kSecrets[] = {"Jane Doe", "Jane Private", "secret note", "PictorCam"};

// The metadata fields libvips finds in an answer.
std::vector<std::string> metadata_fields(const std::string& bytes) {
    std::vector<std::string> out;
    VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!image) {
        vips_error_clear();
        return {"(undecodable)"};
    }
    gchar** fields = vips_image_get_fields(image);
    for (gchar** f = fields; f && *f; ++f) {
        std::string name(*f);
        if (name.rfind("exif-", 0) == 0 || name == "xmp-data" || name == "iptc-data" ||
            name.find("comment") != std::string::npos)
            out.push_back(name);
    }
    g_strfreev(fields);
    g_object_unref(image);
    return out;
}

class Metadata : public PictorTest {
  protected:
    static void SetUpTestSuite() {
        PictorTest::SetUpTestSuite();
        fs::path tagged = root_->path() / "tagged.jpg";
        fs::copy_file(samples_dir() / "portrait.jpg", tagged);
        std::string cmd = "exiftool -q -overwrite_original -Make=PictorCam -Artist='Jane Doe' "
                          "-GPSLatitude=48.8584 -GPSLatitudeRef=N -GPSLongitude=2.2945 "
                          "-GPSLongitudeRef=E -XMP:Creator='Jane Private' -IPTC:By-line='Jane "
                          "Private' -Comment='secret note' " +
                          tagged.string();
        ASSERT_EQ(std::system(cmd.c_str()), 0);
    }
    static void expect_clean(const HttpResponse& r, const std::string& what) {
        SCOPED_TRACE(what);
        ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
        ASSERT_TRUE(decode(r.body).ok);
        EXPECT_EQ(metadata_fields(r.body), std::vector<std::string>{});
        for (const char* secret : kSecrets)
            EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
    }
};

TEST_F(Metadata, TheSourceReallyCarriesIt) {
    ServerProcess as_stored(root_->path(), {"expose.originals=as-stored"});
    auto original = http_get(as_stored.url("/original/tagged.jpg"));
    EXPECT_EQ(original.body, read_bytes(root_->path() / "tagged.jpg"));
    ASSERT_EQ(original.status, 200);
    EXPECT_NE(original.body.find("Jane Doe"), std::string::npos);
    EXPECT_FALSE(metadata_fields(original.body).empty());
}

TEST_F(Metadata, EveryOutputFormatIsStripped) {
    auto info = nlohmann::json::parse(get("/iiif/3/tagged.jpg/info.json").body);
    std::vector<std::string> formats{"jpg", "png"};
    for (const auto& f : info["extraFormats"])
        formats.push_back(f.get<std::string>());
    ASSERT_GE(formats.size(), 5u); // webp, tif, gif at least
    for (const auto& f : formats) {
        expect_clean(get("/iiif/3/tagged.jpg/full/200,/0/default." + f), "IIIF " + f);
        expect_clean(get("/iiif/3/tagged.jpg/full/max/0/default." + f), "IIIF max " + f);
    }
    for (std::string f : {"jpg", "png", "webp", "avif"}) {
        auto r = get("/api/display/tagged.jpg?hsize=150&format=" + f);
        if (r.status == 400) continue; // a format this libvips cannot write
        expect_clean(r, "display " + f);
    }
    expect_clean(get("/thumb/tagged.jpg/80px-tagged.jpg"), "thumb");
}

// expose.originals = "stripped" (the default): /original/ and the display API without
// parameters send the stored pixels (JPEG, PNG, WebP: the compressed data itself; TIFF: saved
// again losslessly) without GPS, camera, XMP, IPTC or comments; a JPEG keeps its orientation.
TEST_F(Metadata, OriginalsAreStrippedWithTheSamePixels) {
    const fs::path base = samples_dir() / "collection" / "page1.jpg"; // upright, no orientation
    std::vector<std::string> names = {"tagged.jpg"};
    for (std::string ext : {"png", "webp", "tif"}) {
        fs::path out = root_->path() / ("tagged-" + ext + "." + ext);
        std::string cmd = "vips copy " + base.string() + " '" + out.string() + "[strip]'" +
                          " && exiftool -q -overwrite_original -Make=PictorCam -Artist='Jane Doe' "
                          "-GPSLatitude=48.8584 -GPSLatitudeRef=N -XMP:Creator='Jane Private' " +
                          (ext == "png" ? "-PNG:Comment='secret note' " : "") + out.string();
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        names.push_back(out.filename().string());
    }
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        const std::string stored = read_bytes(root_->path() / name);
        ASSERT_NE(stored.find("Jane Private"), std::string::npos); // the source carries it
        auto r = get("/original/" + name);
        ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
        EXPECT_TRUE(same_pixels(r.body, stored));
        for (const char* secret : kSecrets)
            EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
        auto fields = metadata_fields(r.body);
        // Only the orientation is left (libexif adds its structural defaults when reading).
        for (const auto& field : fields)
            for (const char* private_field : {"GPS", "Make", "Model", "Artist", "ifd3", "xmp",
                                              "iptc", "comment", "Thumbnail", "ifd1"})
                EXPECT_EQ(field.find(private_field), std::string::npos) << field;
        if (name.ends_with(".jpg")) { // the compressed pixels themselves, and the orientation
            EXPECT_NE(std::find(fields.begin(), fields.end(), "exif-ifd0-Orientation"),
                      fields.end());
            auto scan = stored.find("\xFF\xDA");
            ASSERT_NE(scan, std::string::npos);
            EXPECT_NE(r.body.find(stored.substr(scan)), std::string::npos);
        }
        auto display = get("/api/display/" + name);
        if (display.header("content-type") == r.header("content-type")) // TIFF: a rendition
            EXPECT_EQ(display.body, r.body);
    }
}

// A damaged original whose structure cannot be walked is a clean 400 in MediaWiki's shape, never
// a 500 and never the damaged bytes half stripped.
TEST_F(Metadata, DamagedOriginalsAreRefusedCleanly) {
    const std::string png = read_bytes(samples_dir() / "alpha.png");
    std::ofstream(root_->path() / "cut.png", std::ios::binary) << png.substr(0, png.size() / 2);
    for (std::string name : {"truncated.jpg", "cut.png"}) {
        SCOPED_TRACE(name);
        auto r = get("/original/" + name);
        EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
        EXPECT_EQ(nlohmann::json::parse(r.body)["errorKey"], "rest-file-not-thumbnailable");
        auto display = get("/api/display/" + name);
        EXPECT_GE(display.status, 400);
        EXPECT_LT(display.status, 500);
    }
}

// expose.originals = "off": no /original/ route, no link to it, renditions instead.
TEST_F(Metadata, OriginalsOffAreNeverSent) {
    ServerProcess off(root_->path(), {"expose.originals=off"});
    EXPECT_EQ(http_get(off.url("/original/tagged.jpg")).status, 404);
    auto listing = nlohmann::json::parse(http_get(off.url("/v1/file/tagged.jpg/thumbnails")).body);
    EXPECT_TRUE(listing["original"]["url"].is_null()) << listing.dump();
    auto display = http_get(off.url("/api/display/tagged.jpg"));
    ASSERT_EQ(display.status, 200);
    EXPECT_NE(display.body, read_bytes(root_->path() / "tagged.jpg"));
    expect_clean(display, "display without parameters");
    auto doc = nlohmann::json::parse(http_get(off.url("/openapi.json")).body);
    EXPECT_FALSE(doc["paths"].contains("/original/{id}"));
}

// An operator who opts in keeps named rights fields, and only those, where the format has EXIF.
TEST_F(Metadata, KeptFieldsAreTheOnlyOnesLeft) {
    std::string cmd = "exiftool -q -overwrite_original '-Copyright=(c) Pictor Museum' " +
                      (root_->path() / "tagged.jpg").string();
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    ServerProcess keeping(root_->path(), {"engine.keep_metadata=Copyright Artist"});
    for (std::string f : {"jpg", "webp", "avif"}) {
        SCOPED_TRACE(f);
        auto r = http_get(keeping.url("/iiif/3/tagged.jpg/full/200,/0/default." + f));
        ASSERT_EQ(r.status, 200);
        EXPECT_NE(r.body.find("(c) Pictor Museum"), std::string::npos);
        EXPECT_NE(r.body.find("Jane Doe"), std::string::npos); // Artist
        for (const char* secret : {"Jane Private", "secret note", "PictorCam"})
            EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
        // libvips adds structural fields (ExifVersion, PixelXDimension, …); nothing private.
        for (const auto& field : metadata_fields(r.body))
            for (const char* private_field :
                 {"GPS", "Make", "Model", "ifd3", "xmp", "iptc", "comment", "Thumbnail", "ifd1"})
                EXPECT_EQ(field.find(private_field), std::string::npos) << field;
    }
    // Formats without EXIF in libvips stay bare; the default server keeps nothing.
    expect_clean(http_get(keeping.url("/iiif/3/tagged.jpg/full/200,/0/default.png")), "png");
    auto bare = get("/iiif/3/tagged.jpg/full/201,/0/default.jpg");
    EXPECT_EQ(bare.body.find("(c) Pictor Museum"), std::string::npos);
    // Only rights fields may be kept.
    EXPECT_THROW(ServerProcess(root_->path(), {"engine.keep_metadata=GPSLatitude"}),
                 std::runtime_error);
}

} // namespace
} // namespace pictor::test
