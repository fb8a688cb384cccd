// Range requests on a file's bytes: the one-range forms a browser or a download manager sends,
// If-Range, and what is ignored (the whole answer) or unsatisfiable (416).
#include <gtest/gtest.h>

#include "http/byte_ranges.h"
#include "http/conditional.h"

namespace pictor::http {
namespace {

Request with(std::string range, std::string if_range = "",
             beast_http::verb method = beast_http::verb::get) {
    Request r{method, "/original/photo.jpg", 11};
    if (!range.empty()) r.set(beast_http::field::range, range);
    if (!if_range.empty()) r.set(beast_http::field::if_range, if_range);
    return r;
}

std::string decided(const Request& r, std::uint64_t size = 1000) {
    auto d = decide_range(r, size, "\"abc\"", 1'700'000'000);
    switch (d.answer) {
    case RangeAnswer::Whole: return "whole";
    case RangeAnswer::Unsatisfiable: return "416";
    case RangeAnswer::Partial:
        return std::to_string(d.range.first) + "-" + std::to_string(d.range.last);
    }
    return "?";
}

TEST(ByteRanges, TheFormsOfOneRange) {
    EXPECT_EQ(decided(with("bytes=0-99")), "0-99");
    EXPECT_EQ(decided(with("bytes=500-")), "500-999");
    EXPECT_EQ(decided(with("bytes=-100")), "900-999");
    EXPECT_EQ(decided(with("bytes=-5000")), "0-999");      // a suffix longer than the file
    EXPECT_EQ(decided(with("bytes=900-5000")), "900-999"); // clipped to the end
    EXPECT_EQ(decided(with("bytes=1000-")), "416");
    EXPECT_EQ(decided(with("bytes=-0")), "416");
}

TEST(ByteRanges, WhatIsIgnoredGetsTheWholeAnswer) {
    EXPECT_EQ(decided(with("")), "whole");
    EXPECT_EQ(decided(with("bytes=0-1,5-6")), "whole"); // several ranges
    EXPECT_EQ(decided(with("items=0-1")), "whole");
    EXPECT_EQ(decided(with("bytes=5-1")), "whole");
    EXPECT_EQ(decided(with("bytes=a-b")), "whole");
    EXPECT_EQ(decided(with("bytes=0-99", "", beast_http::verb::head)), "whole");
}

TEST(ByteRanges, IfRangeNamesTheRepresentation) {
    EXPECT_EQ(decided(with("bytes=0-9", "\"abc\"")), "0-9");
    EXPECT_EQ(decided(with("bytes=0-9", "\"old\"")), "whole");
    EXPECT_EQ(decided(with("bytes=0-9", "W/\"abc\"")), "whole"); // compared strongly
    EXPECT_EQ(decided(with("bytes=0-9", format_http_date(1'700'000'000))), "0-9");
    EXPECT_EQ(decided(with("bytes=0-9", format_http_date(1'600'000'000))), "whole");
}

TEST(ByteRanges, ThePartialAnswer) {
    Response res{beast_http::status::ok, 11};
    res.body() = "0123456789";
    apply_range(res, decide_range(with("bytes=2-4"), 10, "\"abc\"", 0));
    EXPECT_EQ(res.result(), beast_http::status::partial_content);
    EXPECT_EQ(res.body().view(), "234");
    EXPECT_EQ(res[beast_http::field::content_range], "bytes 2-4/10");
    EXPECT_EQ(res[beast_http::field::accept_ranges], "bytes");
    Response none{beast_http::status::ok, 11};
    none.body() = "0123456789";
    apply_range(none, decide_range(with("bytes=20-"), 10, "\"abc\"", 0));
    EXPECT_EQ(none.result(), beast_http::status::range_not_satisfiable);
    EXPECT_EQ(none[beast_http::field::content_range], "bytes */10");
    EXPECT_EQ(none.body().view(), "");
}

} // namespace
} // namespace pictor::http
