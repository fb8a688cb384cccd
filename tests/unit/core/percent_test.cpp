#include <gtest/gtest.h>

#include "core/percent.h"

namespace pictor::core {
namespace {

TEST(Percent, DecodesOnce) {
    EXPECT_EQ(*percent_decode("a%2Fb"), "a/b");
    EXPECT_EQ(*percent_decode("%252e"), "%2e");
    EXPECT_EQ(*percent_decode("a+b"), "a+b");
}

TEST(Percent, RejectsMalformedAndNul) {
    EXPECT_FALSE(percent_decode("%"));
    EXPECT_FALSE(percent_decode("%4"));
    EXPECT_FALSE(percent_decode("%zz"));
    EXPECT_FALSE(percent_decode("%00"));
}

TEST(Percent, LenientTakesAStrayPercentLiterally) {
    struct Row {
        const char* in;
        const char* out; // nullptr: refused
    };
    for (const Row& row : std::initializer_list<Row>{{"t_10%,+fixed,c_crop", "t_10%,+fixed,c_crop"},
                                                     {"t_10%25,c_crop", "t_10%,c_crop"},
                                                     {"50%", "50%"},
                                                     {"%4", "%4"},
                                                     {"%zz%41", "%zzA"},
                                                     {"%00", nullptr}}) {
        auto r = percent_decode_lenient(row.in);
        if (!row.out) {
            EXPECT_FALSE(r) << row.in;
            continue;
        }
        ASSERT_TRUE(r) << row.in;
        EXPECT_EQ(*r, row.out) << row.in;
    }
}

TEST(Percent, EncodeRoundTrips) {
    EXPECT_EQ(percent_encode("a/b c"), "a%2Fb%20c");
    EXPECT_EQ(*percent_decode(percent_encode("ü/ß?#")), "ü/ß?#");
}

} // namespace
} // namespace pictor::core
