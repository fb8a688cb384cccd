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

TEST(Percent, EncodeRoundTrips) {
    EXPECT_EQ(percent_encode("a/b c"), "a%2Fb%20c");
    EXPECT_EQ(*percent_decode(percent_encode("ü/ß?#")), "ü/ß?#");
}

} // namespace
} // namespace pictor::core
