// The streaming multipart/form-data parser: any chunking gives the same parts; malformed
// bodies are 400s.
#include <gtest/gtest.h>

#include "dialects/converter/multipart.h"

namespace pictor::dialects::converter {
namespace {

struct Collected {
    std::vector<PartInfo> parts;
    std::vector<std::string> data;
};

core::Result<Collected> parse(std::string_view body, std::size_t chunk,
                              MultipartLimits limits = {}) {
    Collected c;
    MultipartParser p(
        "XyZ", limits,
        [&](const PartInfo& part) -> core::Result<void> {
            c.parts.push_back(part);
            c.data.emplace_back();
            return {};
        },
        [&](std::string_view d) -> core::Result<void> {
            c.data.back().append(d);
            return {};
        });
    for (std::size_t i = 0; i < body.size(); i += chunk)
        if (auto r = p.feed(body.substr(i, chunk)); !r) return r.error();
    if (auto r = p.finish(); !r) return r.error();
    return c;
}

const std::string kBody = "preamble\r\n--XyZ\r\n"
                          "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
                          "hello\r\n--XyZ\r\n"
                          "Content-Disposition: form-data; name=\"sourceImage\"; "
                          "filename=\"a b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                          "\xFF\xD8\r\n--Xy not yet\r\n--XyZ--\r\nepilogue";

TEST(Multipart, SameResultForEveryChunkSize) {
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 16u, 1000u}) {
        auto c = parse(kBody, chunk);
        ASSERT_TRUE(c) << chunk << ": " << c.error().message;
        ASSERT_EQ(c->parts.size(), 2u);
        EXPECT_EQ(c->parts[0].name, "note");
        EXPECT_EQ(c->data[0], "hello");
        EXPECT_EQ(c->parts[1].name, "sourceImage");
        EXPECT_EQ(c->parts[1].filename, "a b.jpg");
        EXPECT_EQ(c->parts[1].content_type, "image/jpeg");
        EXPECT_EQ(c->data[1], "\xFF\xD8\r\n--Xy not yet");
    }
}

TEST(Multipart, BodyStartingWithTheBoundary) {
    auto c = parse("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ--", 4);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->data[0], "x");
}

TEST(Multipart, MalformedBodiesAre400) {
    for (const char* bad : {
             "",                                                         // nothing
             "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx", // unterminated
             "--XyZ\r\nContent-Disposition: form-data; name=a\r\n",      // headers never end
             "--XyZ\r\nContent-Type: image/jpeg\r\n\r\nx\r\n--XyZ--",    // no disposition
             "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--",
             "--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--",
             "--XyZjunk\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ--",
         }) {
        auto c = parse(bad, 5);
        ASSERT_FALSE(c) << bad;
        EXPECT_EQ(c.error().code, core::ErrorCode::BadRequest) << bad;
    }
}

TEST(Multipart, HugePartHeaderAndTooManyParts) {
    std::string huge =
        "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + std::string(10000, 'p') +
        "\r\n\r\nx\r\n--XyZ--";
    auto c = parse(huge, 512);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("headers exceed"), std::string::npos);
    std::string many;
    for (int i = 0; i < 20; ++i)
        many +=
            "--XyZ\r\nContent-Disposition: form-data; name=f" + std::to_string(i) + "\r\n\r\nx\r\n";
    many += "--XyZ--";
    EXPECT_FALSE(parse(many, 64));
}

TEST(Multipart, Boundary) {
    EXPECT_EQ(*form_boundary("multipart/form-data; boundary=abc"), "abc");
    EXPECT_EQ(*form_boundary("Multipart/Form-Data; charset=x; boundary=\"a b\""), "a b");
    EXPECT_EQ(form_boundary("multipart/form-data").error().code, core::ErrorCode::BadRequest);
    EXPECT_EQ(form_boundary("image/jpeg").error().code, core::ErrorCode::UnsupportedMedia);
    EXPECT_FALSE(form_boundary("multipart/form-data; boundary=" + std::string(71, 'b')));
}

} // namespace
} // namespace pictor::dialects::converter

namespace pictor::dialects::converter {
namespace {

// Every piece handed out says where it starts in the body, for every chunking: a caller holding
// the body takes each part from it without copying.
TEST(Multipart, PiecesKnowWhereTheyAreInTheBody) {
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 16u, 1000u}) {
        SCOPED_TRACE(chunk);
        std::vector<std::pair<std::size_t, std::size_t>> ranges; // per part: start, length
        const MultipartParser* self = nullptr;
        MultipartParser p(
            "XyZ", {},
            [&](const PartInfo&) -> core::Result<void> {
                ranges.push_back({0, 0});
                return {};
            },
            [&](std::string_view d) -> core::Result<void> {
                if (d.empty()) return {};
                auto& [start, length] = ranges.back();
                std::size_t at = self->offset_of(d);
                if (length == 0) start = at;
                EXPECT_EQ(at, start + length); // contiguous
                length += d.size();
                return {};
            });
        self = &p;
        for (std::size_t i = 0; i < kBody.size(); i += chunk)
            ASSERT_TRUE(p.feed(std::string_view(kBody).substr(i, chunk)));
        ASSERT_TRUE(p.finish());
        ASSERT_EQ(ranges.size(), 2u);
        EXPECT_EQ(kBody.substr(ranges[0].first, ranges[0].second), "hello");
        EXPECT_EQ(kBody.substr(ranges[1].first, ranges[1].second), "\xFF\xD8\r\n--Xy not yet");
    }
}

} // namespace
} // namespace pictor::dialects::converter
