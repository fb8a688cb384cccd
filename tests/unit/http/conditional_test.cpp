// Conditional requests: RFC 9110 order and comparison rules, HTTP dates.
#include <gtest/gtest.h>

#include "http/conditional.h"

namespace pictor::http {
namespace {

constexpr std::int64_t kModified = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
const char* kEtag = "\"abc\"";

Precondition check(std::vector<std::pair<beast_http::field, std::string>> headers,
                   beast_http::verb method = beast_http::verb::get) {
    Request req{method, "/x", 11};
    for (auto& [f, v] : headers)
        req.set(f, v);
    return evaluate_preconditions(req, kEtag, kModified);
}

TEST(HttpDate, FormatsAndParsesAllThreeForms) {
    EXPECT_EQ(format_http_date(kModified), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kModified);
    EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kModified);
    EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kModified);
    EXPECT_FALSE(parse_http_date("yesterday"));
    EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

TEST(HttpDate, TheLastFormattedDateIsReusedOnlyForTheSameSecond) {
    for (int round = 0; round < 2; ++round) { // alternating: never the other one's text
        EXPECT_EQ(format_http_date(kModified), "Sun, 06 Nov 1994 08:49:37 GMT");
        EXPECT_EQ(format_http_date(kModified), "Sun, 06 Nov 1994 08:49:37 GMT");
        EXPECT_EQ(format_http_date(kModified + 86'400 + 1), "Mon, 07 Nov 1994 08:49:38 GMT");
    }
}

TEST(EtagLists, StrongAndWeakComparison) {
    EXPECT_TRUE(etag_list_matches("\"x\", \"abc\"", "\"abc\"", false));
    EXPECT_TRUE(etag_list_matches("*", "\"abc\"", false));
    EXPECT_FALSE(etag_list_matches("W/\"abc\"", "\"abc\"", false));
    EXPECT_TRUE(etag_list_matches("W/\"abc\"", "\"abc\"", true));
    EXPECT_FALSE(etag_list_matches("\"abcd\"", "\"abc\"", true));
}

TEST(Preconditions, FollowTheRfcOrder) {
    using beast_http::field;
    EXPECT_EQ(check({}), Precondition::Proceed);
    EXPECT_EQ(check({{field::if_none_match, kEtag}}), Precondition::NotModified);
    EXPECT_EQ(check({{field::if_none_match, "W/\"abc\""}}), Precondition::NotModified);
    EXPECT_EQ(check({{field::if_none_match, "\"other\""}}), Precondition::Proceed);
    EXPECT_EQ(check({{field::if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT"}}),
              Precondition::NotModified);
    EXPECT_EQ(check({{field::if_modified_since, "Sat, 05 Nov 1994 08:49:37 GMT"}}),
              Precondition::Proceed);
    EXPECT_EQ(check({{field::if_modified_since, "garbage"}}), Precondition::Proceed);
    // If-None-Match wins over If-Modified-Since.
    EXPECT_EQ(check({{field::if_none_match, "\"other\""},
                     {field::if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT"}}),
              Precondition::Proceed);
    EXPECT_EQ(check({{field::if_match, "\"other\""}}), Precondition::Failed);
    EXPECT_EQ(check({{field::if_match, kEtag}}), Precondition::Proceed);
    EXPECT_EQ(check({{field::if_match, "*"}}), Precondition::Proceed);
    EXPECT_EQ(check({{field::if_unmodified_since, "Sat, 05 Nov 1994 08:49:37 GMT"}}),
              Precondition::Failed);
    EXPECT_EQ(check({{field::if_unmodified_since, "Mon, 07 Nov 1994 08:49:37 GMT"}}),
              Precondition::Proceed);
    // If-Match decides; If-Unmodified-Since is then ignored.
    EXPECT_EQ(check({{field::if_match, kEtag},
                     {field::if_unmodified_since, "Sat, 05 Nov 1994 08:49:37 GMT"}}),
              Precondition::Proceed);
}

} // namespace
} // namespace pictor::http
