// The head pictor writes itself is byte for byte what Beast's serializer writes for the same
// answer, for the answers a session sends: a body, a 304 without Content-Length, HTTP/1.0 with
// and without keep-alive, a custom reason, a closing answer, a custom and an unknown field.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "http/wire_head.h"

namespace pictor::http {
namespace {

using beast_http::field;
using beast_http::status;

// What Beast's serializer writes for the whole answer.
std::string serialized(const Response& res) {
    std::ostringstream out;
    out << res;
    return out.str();
}

TEST(WireHead, IsWhatBeastsSerializerWrites) {
    struct Row {
        const char* name;
        Response res;
    };
    auto answer = [](status s, unsigned version, std::string body, bool keep) {
        Response res{s, version};
        res.set(field::content_type, "image/jpeg");
        res.set(field::etag, "\"abc\"");
        res.set("X-Pictor-Cache", "hit");
        res.set(field::vary, "Origin, Host");
        res.body() = std::move(body);
        res.keep_alive(keep);
        res.prepare_payload();
        return res;
    };
    Row rows[] = {
        {"200, keep-alive", answer(status::ok, 11, std::string(1000, 'x'), true)},
        {"200, closing", answer(status::ok, 11, "body", false)},
        {"HTTP/1.0, keep-alive", answer(status::ok, 10, "body", true)},
        {"HTTP/1.0, closing", answer(status::ok, 10, "body", false)},
        {"404, empty", answer(status::not_found, 11, "", true)},
        {"304", answer(status::not_modified, 11, "", true)},
        {"custom reason", answer(status::bad_request, 11, "{}", true)},
        {"status without a reason", answer(static_cast<status>(299), 11, "", true)},
    };
    rows[5].res.erase(field::content_length); // a 304 repeats no length
    rows[6].res.reason("Bad Things");
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        std::string head = "left over from the answer before";
        write_head(row.res, head);
        EXPECT_EQ(head + std::string(row.res.body().view()), serialized(row.res));
        EXPECT_TRUE(head.ends_with("\r\n\r\n"));
    }
}

} // namespace
} // namespace pictor::http
