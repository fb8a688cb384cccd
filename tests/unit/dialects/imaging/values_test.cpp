// The value types of imaging commands: angles in degrees by default and in CSS's other units, as
// Wedia's documentation says angles are "in degrees by default".
#include <cmath>

#include <gtest/gtest.h>

#include "dialects/imaging/values.h"

namespace pictor::dialects::imaging {
namespace {

TEST(ImagingValues, AnglesInEveryUnit) {
    struct Row {
        const char* text;
        double degrees;
    };
    const Row rows[] = {
        {"45", 45},     {"45deg", 45},    {"-30deg", -30},  {"1rad", 57.29577951308232},
        {"50grad", 45}, {"400grad", 360}, {"0.25turn", 90}, {"1turn", 360},
        {"left", -90},  {"right", 90},    {"12.5", 12.5},
    };
    for (const auto& row : rows) {
        auto a = parse_angle(row.text);
        ASSERT_TRUE(a) << row.text << ": " << a.error().message;
        EXPECT_NEAR(*a, row.degrees, 1e-9) << row.text;
    }
    for (const char* bad : {"deg", "45 deg", "45degs", "1e9", "101turn", "x", "rad", ""})
        EXPECT_FALSE(parse_angle(bad)) << bad;
}

} // namespace
} // namespace pictor::dialects::imaging
