// Decompression bombs of every format (support/bombs.h), asked for through every image dialect:
// refused from the header in milliseconds with a clean 4xx, no side-car built, no libvips temp
// file left in TMPDIR or the data folder, and the process's memory and file descriptors back
// where they were.
#include <fstream>
#include <thread>

#include "integration/fixture.h"
#include "support/bombs.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

struct ProcessUse {
    std::int64_t rss_kb = 0;
    std::size_t fds = 0;
};

ProcessUse use_of(pid_t pid) {
    ProcessUse u;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) u.rss_kb = std::stoll(line.substr(6));
    for (auto it = fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd");
         it != fs::directory_iterator(); ++it)
        ++u.fds;
    return u;
}

// Files under `dir`, but the test's own server folder (its log and port file).
std::vector<std::string> files_under(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) &&
            it->path().string().find("/pictor-server-") == std::string::npos)
            out.push_back(it->path().string());
    return out;
}

std::size_t count_in(const fs::path& dir) {
    std::error_code ec;
    std::size_t n = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        ++n;
    return n;
}

TEST(DecompressionBombs, AreRefusedFromTheHeaderLeavingNothing) {
    TempImageRoot root;
    auto all = bombs();
    for (const auto& b : all)
        std::ofstream(root.path() / b.name, std::ios::binary) << b.bytes;
    auto work = make_temp_dir("bombs");
    auto temp = std::make_unique<TempDirFor>(work / "tmp");
    // Side-cars on (a bomb must never be built from) and the cache off (every request decodes).
    ServerProcess server(root.path(), {"store.data=" + (work / "data").string(),
                                       "pyramid.min_pixels=1000000", "cache.enabled=false"});
    temp.reset();
    // Baseline after a few ordinary renders (libraries loaded, arenas warm).
    for (int i = 0; i < 3; ++i)
        http_get(server.url("/iiif/3/photo.jpg/full/!" + std::to_string(300 + i) +
                            ",300/0/default.jpg"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // photo.jpg's side-car built
    auto before = use_of(server.pid());
    auto sidecars = count_in(work / "data" / "pyramids");

    for (const auto& b : all) {
        SCOPED_TRACE(b.name);
        for (std::string path :
             {"/iiif/3/" + b.name + "/info.json",
              "/iiif/3/" + b.name + "/full/!300,300/0/default.jpg",
              "/iiif/3/" + b.name + "/0,0,512,512/256,/0/default.jpg",
              "/iiif/2/" + b.name + "/full/200,/0/default.jpg",
              "/api/display/" + b.name + "?size=30", "/v1/file/" + b.name + "/thumbnails",
              "/thumbs/" + b.name + "/full/100,/0/default.jpg"}) {
            auto r = http_get(server.url(path));
            // info.json and the thumbnails listing may describe the header (200); every
            // pixel request is refused.
            bool listing = path.ends_with("info.json") || path.ends_with("/thumbnails");
            if (!(listing && r.status == 200)) {
                EXPECT_GE(r.status, 400) << path;
                EXPECT_LT(r.status, 500) << path << ": " << r.body;
                EXPECT_EQ(r.header("cache-control"), "no-store") << path;
            }
            EXPECT_LT(r.seconds, 0.1) << path;
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // idle: memory handed back
    auto after = use_of(server.pid());
    std::printf("RSS %lld -> %lld KiB, fds %zu -> %zu\n", static_cast<long long>(before.rss_kb),
                static_cast<long long>(after.rss_kb), before.fds, after.fds);
    EXPECT_LT(after.rss_kb - before.rss_kb, 32 * 1024);
    EXPECT_LE(after.fds, before.fds + 1);
    EXPECT_EQ(files_under(work / "tmp"), std::vector<std::string>{});
    EXPECT_EQ(count_in(work / "data" / "pyramids"), sidecars); // none built from a bomb
    auto metrics = http_get(server.url("/metrics")).body;
    EXPECT_NE(metrics.find("\npictor_pyramid_builds_waiting 0"), std::string::npos);
    EXPECT_NE(metrics.find("\npictor_pyramid_build_failures_total 0"), std::string::npos);
    server.stop();
    fs::remove_all(work);
}

} // namespace
} // namespace pictor::test
