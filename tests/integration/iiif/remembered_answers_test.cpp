// A repeated IIIF image request is answered from what an earlier one decided, found by its path
// as sent, before any parsing (IiifAnswers::answer_remembered). Such an answer must be the one a
// parsed request gets: the same bytes and fields for every form of the path (escapes, IIIF 2
// and 3, another format and quality), the Link naming the request's own host and identifier as
// sent, and never an answer for a source that changed since.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

TEST(RememberedAnswers, ARepeatGetsWhatTheFirstRequestGot) {
    TempImageRoot root;
    fs::copy_file(root.path() / "photo.jpg", root.path() / "a b.jpg");
    ServerProcess server(root.path());
    const std::vector<std::string> paths = {
        "/iiif/3/photo.jpg/full/!300,300/0/default.jpg",
        "/iiif/3/photo%2Ejpg/full/!300,300/0/default.jpg", // the same image, escaped
        "/iiif/3/a%20b.jpg/pct:10,10,50,50/200,/0/gray.png",
        "/iiif/2/photo.jpg/full/300,/0/default.jpg",
    };
    for (const auto& path : paths) {
        auto first = http_get(server.url(path));
        ASSERT_EQ(first.status, 200) << path;
        // The second is decided on the network thread and remembered; the third is found by
        // its path as sent.
        for (int repeat = 0; repeat < 2; ++repeat) {
            auto again = http_get(server.url(path));
            ASSERT_EQ(again.status, 200) << path;
            EXPECT_EQ(again.header("x-pictor-cache"), "hit") << path;
            EXPECT_TRUE(again.body == first.body) << path;
            for (const char* field :
                 {"etag", "last-modified", "link", "content-type", "cache-control", "vary"})
                EXPECT_EQ(again.header(field), first.header(field)) << path << ": " << field;
        }
    }
    // The Link names the identifier as it was sent, under the host the request named.
    std::string port = std::to_string(server.port());
    auto escaped = http_get(server.url(paths[1]), {"Host: localhost:" + port});
    ASSERT_EQ(escaped.status, 200);
    EXPECT_NE(escaped.header("link").find("<http://localhost:" + port +
                                          "/iiif/3/photo%2Ejpg/full/300,200/0/default.jpg>"),
              std::string::npos)
        << escaped.header("link");
    auto plain = http_get(server.url(paths[0]));
    EXPECT_NE(plain.header("link").find("<http://127.0.0.1:" + port +
                                        "/iiif/3/photo.jpg/full/300,200/0/default.jpg>"),
              std::string::npos)
        << plain.header("link");
}

TEST(RememberedAnswers, AChangedSourceIsNeverAnsweredFromWhatWasRemembered) {
    TempImageRoot root;
    fs::copy_file(root.path() / "photo.jpg", root.path() / "changing.jpg");
    ServerProcess server(root.path());
    const std::string path = "/iiif/3/changing.jpg/full/!200,200/0/default.jpg";
    std::string etag;
    for (int i = 0; i < 3; ++i) { // remembered, then found by its path as sent
        auto r = http_get(server.url(path));
        ASSERT_EQ(r.status, 200);
        etag = r.header("etag");
    }
    // The same bytes touched an hour later: checked again, the same image (its content hash is
    // the same), so the same answer.
    auto file = root.path() / "changing.jpg";
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::hours(1));
    auto after = http_get(server.url(path));
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(after.header("etag"), etag);
    // A different picture under the name: its own pixels, not the remembered answer's.
    fs::copy_file(root.path() / "portrait.jpg", file, fs::copy_options::overwrite_existing);
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::hours(2));
    auto replaced = http_get(server.url(path));
    ASSERT_EQ(replaced.status, 200);
    EXPECT_NE(replaced.header("etag"), etag);
    EXPECT_EQ(replaced.header("x-pictor-cache"), "miss");
    EXPECT_FALSE(replaced.body == after.body);
    // portrait.jpg is taller than wide: the !200,200 box gives a narrower picture.
    auto decoded = decode(replaced.body);
    EXPECT_LT(decoded.width, decoded.height);
}

} // namespace
} // namespace pictor::test
