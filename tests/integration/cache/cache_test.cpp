// The derivative cache and HTTP validators end to end: hit after miss, eviction, corruption,
// a replaced source, restart, single-flight, write failures, conditional requests.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

struct CacheDir {
    fs::path path = make_temp_dir("cache");
    ~CacheDir() { fs::remove_all(path); }
    std::string setting() const { return "cache.dir=" + path.string(); }
    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        for (auto& e : fs::recursive_directory_iterator(path))
            if (e.is_regular_file() && e.path().parent_path().filename() != "tmp")
                out.push_back(e.path());
        return out;
    }
};

const char* kThumb = "/iiif/3/photo.jpg/full/!200,200/0/default.jpg";

TEST(Cache, HitAfterMissWithIdenticalBytesAndMetrics) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting()});
    auto miss = http_get(server.url(kThumb));
    ASSERT_EQ(miss.status, 200);
    EXPECT_EQ(miss.header("x-pictor-cache"), "miss");
    auto hit = http_get(server.url(kThumb));
    EXPECT_EQ(hit.header("x-pictor-cache"), "hit");
    EXPECT_EQ(hit.body, miss.body);
    EXPECT_EQ(hit.header("etag"), miss.header("etag"));
    EXPECT_EQ(metric(server, "pictor_cache_hits_total"), 1);
    EXPECT_EQ(metric(server, "pictor_cache_misses_total"), 1);
    EXPECT_EQ(metric(server, "pictor_renders_total"), 1);
    EXPECT_EQ(metric(server, "pictor_cache_entries"), 1);
    EXPECT_GT(metric(server, "pictor_cache_bytes"), static_cast<long long>(miss.body.size()));
    EXPECT_EQ(cache.entries().size(), 1u);
}

TEST(Cache, ErrorsAreNeverCached) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting()});
    for (int i = 0; i < 2; ++i) {
        auto r = http_get(server.url("/iiif/3/truncated.jpg/full/max/0/default.jpg"));
        EXPECT_EQ(r.status, 422);
        EXPECT_EQ(r.header("cache-control"), "no-store");
    }
    // The truncated file is refused from its structure (no EOI), before any render.
    EXPECT_EQ(metric(server, "pictor_renders_total"), 0);
    EXPECT_EQ(cache.entries().size(), 0u);
}

TEST(Cache, EvictsLeastRecentlyUsedUnderASmallBound) {
    TempImageRoot root;
    CacheDir cache;
    // A few 100 px thumbnails (~2.5 kB each) fit; no memory tier so every hit reads the disk.
    ServerProcess server(root.path(),
                         {cache.setting(), "cache.max_bytes=8000", "cache.memory_bytes=0"});
    for (int w = 100; w < 110; ++w)
        ASSERT_EQ(
            http_get(server.url("/iiif/3/photo.jpg/full/" + std::to_string(w) + ",/0/default.jpg"))
                .status,
            200);
    EXPECT_GT(metric(server, "pictor_cache_evictions_total"), 0);
    EXPECT_LE(metric(server, "pictor_cache_bytes"), 8000);
    long long on_disk = 0;
    for (auto& p : cache.entries())
        on_disk += static_cast<long long>(fs::file_size(p));
    EXPECT_LE(on_disk, 8000);
    // The most recent is still there, the first one is gone.
    EXPECT_EQ(
        http_get(server.url("/iiif/3/photo.jpg/full/109,/0/default.jpg")).header("x-pictor-cache"),
        "hit");
    EXPECT_EQ(
        http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).header("x-pictor-cache"),
        "miss");
}

TEST(Cache, CorruptOrTruncatedEntryIsRegeneratedNeverServed) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting(), "cache.memory_bytes=0"});
    auto good = http_get(server.url(kThumb));
    ASSERT_EQ(good.status, 200);
    auto files = cache.entries();
    ASSERT_EQ(files.size(), 1u);
    {
        std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(fs::file_size(files[0]) / 2));
        f.write("garbage!", 8);
    }
    auto again = http_get(server.url(kThumb));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.header("x-pictor-cache"), "miss");
    EXPECT_EQ(again.body, good.body);
    EXPECT_EQ(metric(server, "pictor_cache_corrupt_total"), 1);
    fs::resize_file(cache.entries()[0], 100); // now truncated
    auto third = http_get(server.url(kThumb));
    EXPECT_EQ(third.body, good.body);
    EXPECT_EQ(metric(server, "pictor_cache_corrupt_total"), 2);
    EXPECT_EQ(metric(server, "pictor_renders_total"), 3);
}

TEST(Cache, AReplacedSourceIsNeverAnsweredFromAStaleEntry) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting()});
    const std::string url = "/iiif/3/subject.png/full/max/0/default.png";
    fs::copy_file(samples_dir() / "alpha.png", root.path() / "subject.tmp");
    fs::rename(root.path() / "subject.tmp", root.path() / "subject.png");
    auto before = http_get(server.url(url));
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(decode(before.body).width, 800);
    ASSERT_EQ(http_get(server.url(url)).header("x-pictor-cache"), "hit");
    // Replace it (atomically, as an upload would) with a different image.
    fs::copy_file(samples_dir() / "small.gif", root.path() / "subject.tmp");
    fs::rename(root.path() / "subject.tmp", root.path() / "subject.png");
    auto after = http_get(server.url(url));
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(after.header("x-pictor-cache"), "miss");
    EXPECT_EQ(decode(after.body).width, 64);
    EXPECT_NE(after.header("etag"), before.header("etag"));
}

TEST(Cache, SurvivesARestart) {
    TempImageRoot root;
    CacheDir cache;
    std::string body;
    {
        ServerProcess server(root.path(), {cache.setting()});
        body = http_get(server.url(kThumb)).body;
    }
    ServerProcess server(root.path(), {cache.setting()});
    auto r = http_get(server.url(kThumb));
    EXPECT_EQ(r.header("x-pictor-cache"), "hit");
    EXPECT_EQ(r.body, body);
    EXPECT_EQ(metric(server, "pictor_renders_total"), 0);
}

TEST(Cache, TwoHundredIdenticalColdRequestsDecodeTheSourceOnce) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting(), "limits.queue=400"});
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    std::string reference;
    std::mutex m;
    bool same = true;
    for (int i = 0; i < 200; ++i)
        clients.emplace_back([&] {
            auto r = http_get(server.url("/iiif/3/photo.jpg/full/!321,321/0/default.jpg"));
            if (r.status == 200) ++ok;
            std::lock_guard lock(m);
            if (reference.empty()) reference = r.body;
            same = same && r.body == reference;
        });
    for (auto& t : clients)
        t.join();
    EXPECT_EQ(ok, 200);
    EXPECT_TRUE(same);
    EXPECT_EQ(metric(server, "pictor_renders_total"), 1);
    // One decode: the decoded-pixel counter saw exactly one 1/8-shrunk photo.jpg.
    EXPECT_EQ(metric(server, "pictor_decoded_pixels_total"), 750 * 500);
}

TEST(Cache, WriteFailuresAreCountedAndTheRequestStillSucceeds) {
    TempImageRoot root;
    CacheDir cache;
    ServerProcess server(root.path(), {cache.setting()});
    // The cache directory vanishes and a plain file takes its place: every write fails
    // (ENOTDIR), even for root, as a full or read-only disk would.
    fs::remove_all(cache.path);
    std::ofstream(cache.path) << "in the way";
    for (int w : {101, 102, 103}) {
        auto r =
            http_get(server.url("/iiif/3/photo.jpg/full/" + std::to_string(w) + ",/0/default.jpg"));
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(decode(r.body).width, w);
    }
    EXPECT_EQ(metric(server, "pictor_cache_write_errors_total"), 3);
    // Logged with its cause once, not once per request (the log of a full disk stays short).
    auto log = server.log();
    auto first = log.find("derivative cache writes fail");
    ASSERT_NE(first, std::string::npos);
    EXPECT_NE(log.find("Not a directory", first), std::string::npos);
    EXPECT_EQ(log.find("derivative cache writes fail", first + 1), std::string::npos);
    EXPECT_NE(http_get(server.url("/metrics"))
                  .body.find("pictor_faults_total{area=\"cache\",cause=\"other\"} 3"),
              std::string::npos);
    fs::remove(cache.path);
    fs::create_directories(cache.path); // so CacheDir can clean up
}

TEST(Cache, CachingCanBeTurnedOff) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"cache.enabled=false"});
    auto a = http_get(server.url(kThumb));
    auto b = http_get(server.url(kThumb));
    EXPECT_EQ(b.header("x-pictor-cache"), "miss");
    EXPECT_EQ(a.body, b.body); // deterministic output
    EXPECT_EQ(metric(server, "pictor_renders_total"), 2);
}

class Validators : public PictorTest {};

TEST_F(Validators, EveryImageAnswerCarriesThem) {
    for (const char* url : {kThumb, "/api/display/photo.jpg?hsize=50",
                            "/thumb/photo.jpg/60px-photo.jpg", "/original/small.gif"}) {
        auto r = get(url);
        ASSERT_EQ(r.status, 200) << url;
        EXPECT_EQ(r.header("etag").front(), '"') << url;
        EXPECT_EQ(r.header("cache-control"), "public, max-age=3600") << url;
        EXPECT_NE(r.header("last-modified").find(" GMT"), std::string::npos) << url;
    }
}

TEST_F(Validators, NotModifiedAndPreconditionFailed) {
    const std::string url = "/iiif/3/photo.jpg/full/90,/0/default.jpg";
    auto r = get(url);
    std::string etag = r.header("etag");
    auto nm = get(url, {"If-None-Match: " + etag});
    EXPECT_EQ(nm.status, 304);
    EXPECT_EQ(nm.header("etag"), etag);
    EXPECT_EQ(nm.body, "");
    EXPECT_EQ(get(url, {"If-None-Match: \"other\", " + etag}).status, 304);
    EXPECT_EQ(get(url, {"If-None-Match: \"other\""}).status, 200);
    EXPECT_EQ(get(url, {"If-Modified-Since: " + r.header("last-modified")}).status, 304);
    EXPECT_EQ(get(url, {"If-Match: \"other\""}).status, 412);
    EXPECT_EQ(get(url, {"If-Match: " + etag}).status, 200);
    EXPECT_EQ(get(url, {"If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT"}).status, 412);
    auto d = get("/api/display/photo.jpg?hsize=90");
    EXPECT_EQ(d.header("etag"), etag); // the same Plan, the same derivative
    auto dnm = get("/api/display/photo.jpg?hsize=90", {"If-None-Match: " + etag});
    EXPECT_EQ(dnm.status, 304);
    auto failed = get("/api/display/photo.jpg?hsize=90", {"If-Match: \"x\""});
    EXPECT_EQ(failed.status, 412);
    EXPECT_EQ(failed.header("cache-control"), "no-store");
    // A negotiated answer has its own ETag per format, and says it varies.
    auto webp = get("/api/display/photo.jpg?hsize=90&format=auto", {"Accept: image/webp"});
    EXPECT_NE(webp.header("etag"), etag);
    EXPECT_NE(webp.header("vary").find("Accept"), std::string::npos);
}

} // namespace
} // namespace pictor::test
