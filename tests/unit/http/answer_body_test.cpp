// An answer's body owns its bytes or shares bytes kept elsewhere (a cached image): a shared
// body, a range of it, and the copies of an answer handed to several clients all point into the
// kept bytes, which stay alive as long as any answer holds them; Beast serializes either kind.
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "http/byte_ranges.h"
#include "http/response_builders.h"

namespace pictor::http {
namespace {

using beast_http::status;

struct Kept {
    std::string bytes;
};

TEST(AnswerBody, ASharedBodyPointsIntoTheKeptBytesAndKeepsThemAlive) {
    auto kept = std::make_shared<const Kept>(Kept{std::string(20000, 'x') + "end"});
    const char* where = kept->bytes.data();
    Response res = share_response(status::ok, kept, kept->bytes, "image/jpeg");
    EXPECT_EQ(res.body().data(), where);
    EXPECT_EQ(res[beast_http::field::content_length], "20003");
    Response copy = res; // as coalesced waiters each get one
    EXPECT_EQ(copy.body().data(), where);
    std::weak_ptr<const Kept> watch = kept;
    kept.reset();
    EXPECT_FALSE(watch.expired()) << "the answers hold the bytes";
    EXPECT_EQ(copy.body().view().substr(20000), "end");
    res = {};
    copy = {};
    EXPECT_TRUE(watch.expired()) << "the bytes outlive every answer";
}

TEST(AnswerBody, ARangeOfASharedBodyIsNotCopied) {
    auto kept = std::make_shared<const Kept>(Kept{"0123456789"});
    Response res = share_response(status::ok, kept, kept->bytes, "image/jpeg");
    apply_range(res, {RangeAnswer::Partial, {2, 4}});
    EXPECT_EQ(res.body().view(), "234");
    EXPECT_EQ(res.body().data(), kept->bytes.data() + 2);
    EXPECT_EQ(res[beast_http::field::content_length], "3");
}

TEST(AnswerBody, OwnedAndSharedBodiesSerializeAlike) {
    auto kept = std::make_shared<const Kept>(Kept{"the same bytes"});
    Response shared = share_response(status::ok, kept, kept->bytes, "text/plain");
    Response owned = make_response(status::ok, "the same bytes", "text/plain");
    std::ostringstream a, b;
    a << shared;
    b << owned;
    EXPECT_EQ(a.str(), b.str());
    EXPECT_NE(a.str().find("\r\n\r\nthe same bytes"), std::string::npos);
    owned.body().clear();
    EXPECT_TRUE(owned.body().empty());
    shared.body() = std::string("now owned");
    EXPECT_EQ(shared.body().view(), "now owned");
}

} // namespace
} // namespace pictor::http
