// Golden images of the imaging commands (issue 6): every example of docs/imaging/examples.txt
// on the scene fixture, compared by a 256-bit difference hash and the mean colour with a
// tolerance for library drift, and the 54 fill patterns, compared pixel for pixel with
// ImageMagick's own tiling of its patterns (Debian's imagemagick: `convert tile:pattern:NAME`).
// Regenerate the hashes after an intended change with:
//   UPDATE_GOLDENS=1 build/tests/integration_tests --gtest_filter='ImagingGolden*'
#include <bitset>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include <vips/vips8>

#include "integration/imaging/imaging_fixture.h"

namespace pictor::test {
namespace {

using vips::VImage;

const char* kGoldenFile = PICTOR_GOLDEN_DIR "/imaging_dhash.txt";
const char* kExamples = PICTOR_DOCS_DIR "/imaging/examples.txt";
constexpr int kMaxHashDistance = 24; // of 256 bits
constexpr double kMaxColourDistance = 10;

struct Example {
    std::string name, transform;
};

std::vector<Example> examples() {
    std::vector<Example> out;
    std::ifstream in(kExamples);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto space = line.find(' ');
        out.push_back({line.substr(0, space), line.substr(space + 1)});
    }
    return out;
}

std::vector<std::string> pattern_names() {
    std::vector<std::string> out = {"BRICKS",       "CHECKERBOARD", "CIRCLES",   "CROSSHATCH",
                                    "CROSSHATCH30", "CROSSHATCH45", "FISHSCALES"};
    for (int g = 0; g <= 100; g += 5)
        out.push_back("GRAY" + std::to_string(g));
    for (const char* n : {"HEXAGONS",
                          "HORIZONTAL",
                          "HORIZONTAL2",
                          "HORIZONTAL3",
                          "HORIZONTALSAW",
                          "HS_BDIAGONAL",
                          "HS_CROSS",
                          "HS_DIAGCROSS",
                          "HS_FDIAGONAL",
                          "HS_HORIZONTAL",
                          "HS_VERTICAL",
                          "LEFT30",
                          "LEFT45",
                          "LEFTSHINGLE",
                          "OCTAGONS",
                          "RIGHT30",
                          "RIGHT45",
                          "RIGHTSHINGLE",
                          "SMALLFISHSCALES",
                          "VERTICAL",
                          "VERTICAL2",
                          "VERTICAL3",
                          "VERTICALBRICKS",
                          "VERTICALLEFTSHINGLE",
                          "VERTICALRIGHTSHINGLE",
                          "VERTICALSAW"})
        out.push_back(n);
    return out;
}

VImage load(const std::string& bytes) {
    return VImage::new_from_buffer(bytes.data(), bytes.size(), "").copy_memory();
}

// 16x16 difference hash of the brightness (64 hex digits) and the mean of each colour band.
std::string perceptual(const std::string& bytes) {
    VImage img = load(bytes);
    VImage grey = img.colourspace(VIPS_INTERPRETATION_B_W).extract_band(0).cast(VIPS_FORMAT_FLOAT);
    VImage small =
        grey.resize(17.0 / img.width(), VImage::option()->set("vscale", 16.0 / img.height()))
            .copy_memory(); // computed once, not once per getpoint
    std::string bits;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            bits.push_back(small.getpoint(x, y)[0] < small.getpoint(x + 1, y)[0] ? '1' : '0');
    std::ostringstream out;
    for (std::size_t i = 0; i < bits.size(); i += 64)
        out << std::hex << std::setw(16) << std::setfill('0')
            << std::bitset<64>(bits.substr(i, 64)).to_ullong();
    VImage rgb = img.colourspace(VIPS_INTERPRETATION_sRGB);
    for (int b = 0; b < 3; ++b)
        out << " " << std::dec << std::lround(rgb.extract_band(b).avg());
    return out.str();
}

int hash_distance(const std::string& a, const std::string& b) {
    int d = 0;
    for (std::size_t i = 0; i + 16 <= 64; i += 16)
        d += static_cast<int>(std::bitset<64>(std::stoull(a.substr(i, 16), nullptr, 16) ^
                                              std::stoull(b.substr(i, 16), nullptr, 16))
                                  .count());
    return d;
}

std::vector<double> colours(const std::string& p) {
    std::istringstream in(p.substr(64));
    std::vector<double> out(3);
    in >> out[0] >> out[1] >> out[2];
    return out;
}

// ImageMagick's `pattern:NAME` tiled over width x height, one grey byte per pixel.
std::string imagemagick_tiling(const std::string& name, int width, int height) {
    std::string command = "convert -size " + std::to_string(width) + "x" + std::to_string(height) +
                          " 'tile:pattern:" + name + "' -colorspace gray -depth 8 gray:-";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string bytes;
    char buffer[4096];
    for (std::size_t n; pipe && (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
        bytes.append(buffer, n);
    return bytes;
}

class ImagingGolden : public ImagingServer {
  protected:
    static void SetUpTestSuite() {
        ImagingServer::SetUpTestSuite();
        (VImage::black(64, 64, VImage::option()->set("bands", 3)) + 255)
            .cast(VIPS_FORMAT_UCHAR)
            .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
            .write_to_file((root_->path() / "white.png").c_str());
    }
    static HttpResponse run(const std::string& image, const std::string& transform) {
        return get("/app/api/json/imaging/raw/" + image + "/" + path_encode(transform));
    }
    // Percent-encodes what may not stand in a path segment as it is (%, quotes, #, spaces…).
    static std::string path_encode(const std::string& text) {
        std::string out;
        for (unsigned char c : text) {
            if (std::isalnum(c) ||
                std::string_view("-._~,+|$!*'()=:@").find(static_cast<char>(c)) !=
                    std::string_view::npos) {
                out.push_back(static_cast<char>(c));
            } else {
                char buf[4];
                std::snprintf(buf, sizeof buf, "%%%02X", c);
                out += buf;
            }
        }
        return out;
    }
    // name -> value, from the golden file.
    static std::map<std::string, std::string> goldens() {
        std::map<std::string, std::string> out;
        std::ifstream in(kGoldenFile);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            auto space = line.find(' ');
            out[line.substr(0, space)] = line.substr(space + 1);
        }
        return out;
    }
};

TEST_F(ImagingGolden, EveryCommandLooksLikeItsGolden) {
    auto list = examples();
    ASSERT_GE(list.size(), 20u) << kExamples;
    if (std::getenv("UPDATE_GOLDENS")) {
        std::ofstream out(kGoldenFile);
        out << "# NAME dhash256 mean-r mean-g mean-b; "
               "see tests/integration/imaging/imaging_golden_test.cpp\n";
        for (const auto& e : list)
            out << e.name << " " << perceptual(run("scene.png", e.transform).body) << "\n";
        GTEST_SKIP() << "goldens written to " << kGoldenFile;
    }
    auto golden = goldens();
    for (const auto& e : list) {
        SCOPED_TRACE(e.name + ": " + e.transform);
        auto r = run("scene.png", e.transform);
        ASSERT_EQ(r.status, 200) << r.body;
        ASSERT_TRUE(golden.contains(e.name)) << "regenerate " << kGoldenFile;
        std::string got = perceptual(r.body), want = golden.at(e.name);
        EXPECT_LE(hash_distance(got, want), kMaxHashDistance) << got << " vs " << want;
        auto gc = colours(got), wc = colours(want);
        for (int b = 0; b < 3; ++b)
            EXPECT_NEAR(gc[b], wc[b], kMaxColourDistance) << got << " vs " << want;
    }
}

// Black fill on white paints exactly ImageMagick's drawing: ink black, paper white, and
// CHECKERBOARD's two greys within one level of rounding.
TEST_F(ImagingGolden, AllFiftyFourPatternsAsImageMagickTilesThem) {
    auto names = pattern_names();
    ASSERT_EQ(names.size(), 54u);
    for (const auto& p : names) {
        auto r = run("white.png", "pt_" + p + ",c_fill");
        ASSERT_EQ(r.status, 200) << p << ": " << r.body;
        VImage grey = load(r.body).colourspace(VIPS_INTERPRETATION_B_W).extract_band(0);
        std::size_t size = 0;
        std::unique_ptr<void, decltype(&g_free)> pixels(grey.write_to_memory(&size), g_free);
        std::string want = imagemagick_tiling(p, grey.width(), grey.height());
        ASSERT_EQ(want.size(), size) << p << ": convert gave another size";
        const auto* got = static_cast<const unsigned char*>(pixels.get());
        int wrong = 0;
        for (std::size_t i = 0; i < size; ++i)
            if (std::abs(got[i] - static_cast<unsigned char>(want[i])) > 1) ++wrong;
        EXPECT_EQ(wrong, 0) << p << ": pixels unlike ImageMagick's tiling";
    }
}

TEST_F(ImagingGolden, TheToleranceStillSeesTheDifference) {
    auto flip = perceptual(run("scene.png", "c_flip").body);
    auto flop = perceptual(run("scene.png", "c_flop").body);
    auto plain = perceptual(run("scene.png", "c_strip").body);
    EXPECT_GT(hash_distance(flip, flop), kMaxHashDistance);
    EXPECT_GT(hash_distance(plain, flop), kMaxHashDistance);
    // Text changes the hash where it is drawn.
    auto text = perceptual(run("scene.png", "tx_WWWWWW,sz_60,co_black,g_center,c_text").body);
    EXPECT_GT(hash_distance(plain, text), 8);
}

} // namespace
} // namespace pictor::test
