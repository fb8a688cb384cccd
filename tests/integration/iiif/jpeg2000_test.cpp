// JPEG 2000 sources (docs/sources.md: archives keep masters as JPEG 2000): libvips' OpenJPEG loader
// is enabled although libvips marks it untrusted, and tiles and thumbnails come from the right
// resolution level. JPEG XL stays refused (415).
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>
#include <vips/vips8>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

class Jpeg2000 : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = make_temp_dir("jp2");
        start_vips();
        // A 2400 x 1600 photo as a tiled JPEG 2000 with resolution levels.
        vips::VImage photo =
            vips::VImage::thumbnail((samples_dir() / "photo.jpg").c_str(), 2400).copy_memory();
        photo.jp2ksave((dir_ / "master.jp2").c_str(),
                       vips::VImage::option()->set("tile_width", 512)->set("tile_height", 512));
        photo.write_to_file((dir_ / "master.png").c_str());
        std::ofstream(dir_ / "next.jxl", std::ios::binary)
            << std::string("\xFF\x0A\xFA\x7F\x01\x00\x00\x00", 8); // a JPEG XL signature
        server_ = std::make_unique<ServerProcess>(dir_);
    }
    static void TearDownTestSuite() {
        server_.reset();
        std::filesystem::remove_all(dir_);
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    static double decoded_pixels() {
        std::smatch m;
        std::string metrics = get("/metrics").body;
        std::regex_search(metrics, m, std::regex("pictor_decoded_pixels_total ([0-9]+)"));
        return std::stod(m[1]);
    }

    static inline std::filesystem::path dir_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(Jpeg2000, InfoThumbnailsAndTilesComeFromTheRightLevel) {
    auto info = get("/iiif/3/master.jp2/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_NE(info.body.find("\"width\": 2400"), std::string::npos) << info.body;
    EXPECT_NE(info.body.find("\"height\": 1600"), std::string::npos);

    double before = decoded_pixels();
    auto thumb = get("/iiif/3/master.jp2/full/300,/0/default.jpg");
    ASSERT_EQ(thumb.status, 200) << thumb.body;
    EXPECT_EQ(decode(thumb.body).width, 300);
    EXPECT_EQ(decode(thumb.body).height, 200);
    // A reduced level was decoded, not the full 3.84 MP.
    EXPECT_LT(decoded_pixels() - before, 2400.0 * 1600 / 4);
    auto reference = get("/iiif/3/master.png/full/300,/0/default.png");
    for (auto [x, y] : {std::pair{40, 40}, {150, 100}, {260, 160}})
        EXPECT_TRUE(near(pixel(thumb.body, x, y), pixel(reference.body, x, y), 20))
            << x << "," << y;

    auto tile = get("/iiif/3/master.jp2/1024,512,512,512/256,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 256);
    auto tile_ref = get("/iiif/3/master.png/1024,512,512,512/256,/0/default.png");
    EXPECT_TRUE(near(pixel(tile.body, 128, 128), pixel(tile_ref.body, 128, 128), 20));
}

// The official IIIF validator's format_jp2 test, as it asks: info.json lists jp2 among the
// extra formats, and the answer is a JPEG 2000 file (the JP2 signature box) of the right size.
TEST_F(Jpeg2000, JpegTwoThousandOutputAsTheValidatorAsks) {
    const std::string signature("\0\0\0\x0CjP  \r\n\x87\n", 12);
    auto info3 = nlohmann::json::parse(get("/iiif/3/master.png/info.json").body);
    auto formats = info3["extraFormats"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(formats.begin(), formats.end(), "jp2"), formats.end());
    auto info2 = nlohmann::json::parse(get("/iiif/2/master.png/info.json").body);
    auto listed = info2["profile"][1]["formats"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(listed.begin(), listed.end(), "jp2"), listed.end());
    for (const char* path :
         {"/iiif/3/master.png/full/max/0/default.jp2", "/iiif/2/master.png/full/full/0/default.jp2",
          "/iiif/3/master.jp2/0,0,600,400/300,/0/default.jp2"}) {
        auto r = get(path);
        ASSERT_EQ(r.status, 200) << path << ": " << r.body;
        EXPECT_EQ(r.header("content-type"), "image/jp2") << path;
        EXPECT_EQ(r.body.substr(0, 12), signature) << path;
        auto d = decode(r.body);
        EXPECT_EQ(d.width, std::string(path).find("300,") != std::string::npos ? 300 : 2400)
            << path;
    }
}

TEST_F(Jpeg2000, JpegXlSourcesAreNotReadable) {
    auto r = get("/iiif/3/next.jxl/info.json");
    EXPECT_EQ(r.status, 415) << r.body;
}

} // namespace
} // namespace pictor::test
