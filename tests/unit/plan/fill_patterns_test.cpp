// The 54 fill patterns of the imaging actions: all present under their names and sizes, found
// whatever the case, each with ink and paper (but for the solid and empty grays), gray levels in
// order.
#include <gtest/gtest.h>

#include <numeric>

#include "plan/fill_patterns.h"

namespace pictor::plan {
namespace {

double ink_share(const PatternTile& p) {
    return std::accumulate(p.ink.begin(), p.ink.end(), 0.0) / p.ink.size();
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
          Expect{"FISHSCALES", 16, 8}, Expect{"GRAY55", 32, 32}, Expect{"HEXAGONS", 30, 18},
          Expect{"HORIZONTAL3", 9, 9}, Expect{"HS_DIAGCROSS", 8, 8}, Expect{"LEFTSHINGLE", 24, 24},
          Expect{"OCTAGONS", 16, 16}, Expect{"SMALLFISHSCALES", 8, 8},
          Expect{"VERTICALSAW", 8, 16}}) {
        const auto* p = find_fill_pattern(e.name);
        ASSERT_NE(p, nullptr) << e.name;
        EXPECT_EQ(p->width, e.w) << e.name;
        EXPECT_EQ(p->height, e.h) << e.name;
    }
    for (const auto& p : all) {
        ASSERT_EQ(p.ink.size(), static_cast<std::size_t>(p.width * p.height)) << p.name;
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

TEST(FillPatterns, DistinctPatternsDiffer) {
    const auto& all = fill_patterns();
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j)
            if (all[i].width == all[j].width && all[i].height == all[j].height) {
                EXPECT_NE(all[i].ink, all[j].ink) << all[i].name << " = " << all[j].name;
            }
}

} // namespace
} // namespace pictor::plan
