// The 54 fill patterns of the imaging actions: all present under their names and sizes, found
// whatever the case, each with ink and paper (but for the solid and empty grays), gray levels in
// order, and every pixel as ImageMagick's own pattern coder draws it.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <numeric>
#include <set>
#include <utility>

#include "plan/fill_patterns.h"

namespace pictor::plan {
namespace {

double ink_share(const PatternTile& p) {
    return std::accumulate(p.coverage.begin(), p.coverage.end(), 0.0) / 255 / p.coverage.size();
}

// ImageMagick's drawing of `name`, one grey byte per pixel (Debian's imagemagick, installed by
// scripts/install-deps.sh).
std::string imagemagick_pattern(const std::string& name) {
    std::string command = "convert 'pattern:" + name + "' -colorspace gray -depth 8 gray:-";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string bytes;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
        bytes.append(buffer, n);
    return bytes;
}

TEST(FillPatterns, MatchImageMagickBitForBit) {
    for (const auto& p : fill_patterns()) {
        std::string drawn = imagemagick_pattern(p.name);
        ASSERT_EQ(drawn.size(), p.coverage.size()) << p.name << ": convert gave another size";
        int wrong = 0;
        for (std::size_t i = 0; i < drawn.size(); ++i)
            if (255 - static_cast<unsigned char>(drawn[i]) != p.coverage[i]) ++wrong;
        EXPECT_EQ(wrong, 0) << p.name << ": pixels unlike ImageMagick's";
    }
}

TEST(FillPatterns, AllFiftyFourWithTheSeedsSizes) {
    const auto& all = fill_patterns();
    ASSERT_EQ(all.size(), 54u);
    struct Expect {
        const char* name;
        int w, h;
    };
    for (auto e :
         {Expect{"BRICKS", 16, 16}, Expect{"CHECKERBOARD", 30, 30}, Expect{"CROSSHATCH30", 8, 4},
          Expect{"CROSSHATCH45", 8, 8}, Expect{"FISHSCALES", 16, 8}, Expect{"GRAY55", 32, 32},
          Expect{"HEXAGONS", 30, 18}, Expect{"HORIZONTAL3", 9, 9}, Expect{"HS_DIAGCROSS", 8, 8},
          Expect{"LEFTSHINGLE", 24, 24}, Expect{"OCTAGONS", 16, 16},
          Expect{"SMALLFISHSCALES", 8, 8}, Expect{"VERTICALSAW", 8, 16}}) {
        const auto* p = find_fill_pattern(e.name);
        ASSERT_NE(p, nullptr) << e.name;
        EXPECT_EQ(p->width, e.w) << e.name;
        EXPECT_EQ(p->height, e.h) << e.name;
    }
    for (const auto& p : all) {
        ASSERT_EQ(p.coverage.size(), static_cast<std::size_t>(p.width * p.height)) << p.name;
        if (p.name == "GRAY0" || p.name == "GRAY100") continue;
        double share = ink_share(p);
        EXPECT_GT(share, 0.0) << p.name;
        EXPECT_LT(share, 1.0) << p.name;
    }
}

TEST(FillPatterns, NamesAreCaseInsensitiveWithSpaces) {
    EXPECT_EQ(find_fill_pattern("hs bdiagonal"), find_fill_pattern("HS_BDIAGONAL"));
    EXPECT_EQ(find_fill_pattern("verticalbricks")->name, "VERTICALBRICKS");
    EXPECT_EQ(find_fill_pattern("plaid"), nullptr);
    EXPECT_EQ(find_fill_pattern(""), nullptr);
}

TEST(FillPatterns, GrayLevelsPaintLessAsTheyLighten) {
    double previous = 2;
    for (int level = 0; level <= 100; level += 5) {
        double share = ink_share(*find_fill_pattern("GRAY" + std::to_string(level)));
        EXPECT_NEAR(share, 1 - level / 100.0, 0.01) << level;
        EXPECT_LT(share, previous);
        previous = share;
    }
}

TEST(FillPatterns, DistinctPatternsDifferButImageMagicksTwins) {
    // ImageMagick draws the HS_ diagonals and the 45-degree ones alike; every other pair differs.
    std::set<std::pair<std::string, std::string>> twins = {{"HS_BDIAGONAL", "RIGHT45"},
                                                           {"HS_FDIAGONAL", "LEFT45"}};
    const auto& all = fill_patterns();
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j)
            if (all[i].width == all[j].width && all[i].height == all[j].height) {
                bool same = all[i].coverage == all[j].coverage;
                EXPECT_EQ(same, twins.contains({all[i].name, all[j].name}))
                    << all[i].name << " vs " << all[j].name;
            }
}

} // namespace
} // namespace pictor::plan
