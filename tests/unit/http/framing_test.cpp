// Strict HTTP/1.1 framing as tables: raw header sections and parsed fields -> accepted or the
// status they are refused with.
#include <gtest/gtest.h>

#include "http/framing.h"

namespace pictor::http {
namespace {

int raw(const std::string& header) {
    auto bad = check_raw_header(header);
    return bad ? static_cast<int>(bad->status) : 0;
}

TEST(Framing, RawHeaderSections) {
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nHost: x\r\nX-T: a\tb\r\n\r\n"), 0); // HTAB is fine
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nX-Utf8: caf\xc3\xa9\r\n\r\n"), 0);  // obs-text is fine
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n"), 400);       // obs-fold
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n"), 400);
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n"), 400); // bare CR
    EXPECT_EQ(raw("GET / HTTP/1.1\nX-A: a\r\n\r\n"), 400);      // bare LF
    EXPECT_EQ(raw(std::string("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 27)), 400);
    EXPECT_EQ(raw("GET / HTTP/1.1\r\nX-A: a\x7f\r\n\r\n"), 400);
    EXPECT_EQ(raw("GET /" + std::string(kMaxRequestLine, 'a') + " HTTP/1.1\r\n\r\n"), 414);
    std::string many = "GET / HTTP/1.1\r\n";
    for (std::size_t i = 0; i <= kMaxHeaderFields; ++i)
        many += "X-" + std::to_string(i) + ": v\r\n";
    EXPECT_EQ(raw(many + "\r\n"), 431);
}

int fields(std::initializer_list<std::pair<const char*, const char*>> list) {
    beast_http::fields f;
    for (const auto& [name, value] : list)
        f.insert(name, value);
    auto bad = check_message_framing(f);
    return bad ? static_cast<int>(bad->status) : 0;
}

TEST(Framing, TransferEncodingAndContentLength) {
    EXPECT_EQ(fields({}), 0);
    EXPECT_EQ(fields({{"Transfer-Encoding", "chunked"}}), 0);
    EXPECT_EQ(fields({{"Transfer-Encoding", " Chunked "}}), 0);
    EXPECT_EQ(fields({{"Content-Length", "5"}}), 0);
    EXPECT_EQ(fields({{"Content-Length", "5"}, {"Content-Length", "5"}}), 0);
    EXPECT_EQ(fields({{"Transfer-Encoding", "chunked, identity"}}), 400);
    EXPECT_EQ(fields({{"Transfer-Encoding", "gzip, chunked"}}), 400);
    EXPECT_EQ(fields({{"Transfer-Encoding", "identity"}}), 400);
    EXPECT_EQ(fields({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}), 400);
    EXPECT_EQ(fields({{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}), 400);
    EXPECT_EQ(fields({{"Content-Length", "5"}, {"Content-Length", "6"}}), 400);
}

} // namespace
} // namespace pictor::http
