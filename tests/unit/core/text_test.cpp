// Text helpers: trimming, lower case and the UTF-8 check that guards text drawn by Pango.
#include <gtest/gtest.h>

#include "core/text.h"

namespace pictor::core {
namespace {

TEST(Text, TrimAndLower) {
    EXPECT_EQ(trim(" \tab c\t "), "ab c");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(to_lower("NorthWEST"), "northwest");
}

TEST(Text, ValidUtf8) {
    for (const char* good : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                             "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf"})
        EXPECT_TRUE(valid_utf8(good)) << good;
    for (const char* bad : {"\x80", "\xc3", "\xc3\x28", "\xc0\xaf",    // stray, cut, overlong
                            "\xe0\x80\xaf", "\xed\xa0\xbd",            // overlong, surrogate
                            "\xf0\x28\x8c\x28", "\xf4\x90\x80\x80",    // bad, above U+10FFFF
                            "\xf5\x80\x80\x80", "\xff", "ok\xe2\x82"}) // bad lead, cut
        EXPECT_FALSE(valid_utf8(bad)) << bad;
}

} // namespace
} // namespace pictor::core
