// The converter against malformed uploads, concurrent replaces of one key, and kill -9
// during a render followed by a restart.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/converter/converter_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST_F(Converter, MalformedUploadsStoreNothing) {
    auto before = json::parse(get("getKeyCount").body)["count"].get<int>();
    std::string jpeg = read_bytes(samples_dir() / "portrait.jpg");
    struct Bad {
        std::string body, type;
        int status;
    };
    std::string good = multipart({{"sourceImage", jpeg}});
    std::vector<Bad> bad = {
        {good, "multipart/form-data", 400}, // no boundary
        {good.substr(0, good.size() / 2), "multipart/form-data; boundary=TestBoundary42", 400},
        {multipart({{"sourceImage", jpeg}, {"sourceImage", jpeg}}),
         "multipart/form-data; boundary=TestBoundary42", 400}, // two files
        {"--TestBoundary42\r\nContent-Disposition: form-data; name=\"sourceImage\"\r\nX-Big: " +
             std::string(20000, 'x') + "\r\n\r\nabc\r\n--TestBoundary42--\r\n",
         "multipart/form-data; boundary=TestBoundary42", 400}, // huge header
        {multipart({{"other", jpeg}}), "multipart/form-data; boundary=TestBoundary42", 400},
        {multipart({{"sourceImage", "plain text, not an image"}}),
         "multipart/form-data; boundary=TestBoundary42", 415},
        {multipart({{"sourceImage", "\xFF\xD8\xFF\xE0 truncated"}}),
         "multipart/form-data; boundary=TestBoundary42", 422}, // an image, damaged
        {jpeg, "image/jpeg", 415},                             // not multipart
    };
    for (const auto& b : bad) {
        auto r = post(*server_, "cacheImage/malformed", b.body, b.type);
        EXPECT_EQ(r.status, b.status) << r.body;
        EXPECT_TRUE(json::parse(r.body).contains("code"));
    }
    // Pixel limit: a small PNG that claims enormous dimensions.
    auto bomb = post(*server_, "cacheImage/malformed",
                     multipart({{"sourceImage", read_bytes(root_->path() / "bomb.png")}}));
    EXPECT_EQ(bomb.status, 413) << bomb.body;
    EXPECT_EQ(json::parse(get("getKeyCount").body)["count"].get<int>(), before);
    EXPECT_EQ(get("getImage/malformed/auto:200x150").status, 404);
}

TEST_F(Converter, ConcurrentUploadsOfOneKeyLeaveOneCompleteSet) {
    std::string png = multipart({{"sourceImage", read_bytes(samples_dir() / "alpha.png")}});
    std::string jpg = multipart({{"sourceImage", read_bytes(samples_dir() / "portrait.jpg")}});
    std::atomic<int> ok{0}, bad_reads{0};
    std::atomic<bool> uploading{true};
    // Readers during the replaces: a whole image, and its metadata from the same upload.
    std::thread reader([&] {
        while (uploading) {
            auto r = get("getImageAndMetadata/race/auto:200x150");
            if (r.status != 200) continue; // not stored yet
            bool is_png = r.body.find("Content-Type: image/png") != std::string::npos;
            auto at = r.body.find("name=\"metadata\"");
            auto start = r.body.find("\r\n\r\n", at) + 4;
            auto meta = json::parse(r.body.substr(start, r.body.find("\r\n--", start) - start));
            if (meta["format"] != (is_png ? "png" : "jpg")) ++bad_reads;
        }
    });
    std::vector<std::thread> threads;
    for (int i = 0; i < 20; ++i)
        threads.emplace_back([&, i] {
            if (post(*server_, "cacheImage/race", i % 2 ? png : jpg).status == 200) ++ok;
        });
    for (auto& t : threads)
        t.join();
    uploading = false;
    reader.join();
    EXPECT_EQ(ok, 20);
    EXPECT_EQ(bad_reads, 0);
    wait_for_set("race");
    // Every rendition of the set comes from the same source: all PNG (alpha) or all JPEG.
    std::set<std::string> types;
    for (const char* f : {"auto:200x150", "auto:200x150~cover", "auto:800x800", "auto:1920x1080",
                          "auto:1920x1080~cover"})
        types.insert(get(std::string("getImage/race/") + f).header("content-type"));
    EXPECT_EQ(types.size(), 1u);
    auto meta = json::parse(get("getMetadata/race").body);
    EXPECT_EQ(meta["format"], *types.begin() == "image/png" ? "png" : "jpg");
}

TEST(ConverterDurability, SurvivesRestartAndKillDuringRender) {
    TempImageRoot root;
    auto data = make_temp_dir("converter-data");
    std::vector<std::string> settings{"store.data=" + data.string(), "converter.user=ox",
                                      "converter.password=secret-pw"};
    auto server = std::make_unique<ServerProcess>(root.path(), settings);
    ASSERT_EQ(upload(*server, "cacheImage/keep", samples_dir() / "alpha.png").status, 200);
    // An upload of a large source, killed while it renders.
    std::thread big([&] {
        upload(*server, "cacheAndGetImage/killed/auto:1920x1080", samples_dir() / "photo.jpg");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ::kill(server->pid(), SIGKILL);
    big.join();
    server = std::make_unique<ServerProcess>(root.path(), settings);
    auto kept = http_get(server->url("/imageconverter/getImage/keep/auto:200x150"));
    ASSERT_EQ(kept.status, 200);
    EXPECT_EQ(decode(kept.body).width, 200);
    auto killed = http_get(server->url("/imageconverter/getImage/killed/auto:1920x1080"));
    if (killed.status == 200)
        EXPECT_GT(decode(killed.body).width, 0); // whole, or
    else
        EXPECT_EQ(killed.status, 404); // not there at all
    // No temp file and no folder without its row survive the restart.
    EXPECT_TRUE(fs::is_empty(data / "converter" / ".tmp"));
    int generations = 0;
    for (auto& shard : fs::directory_iterator(data / "converter"))
        if (shard.path().filename() != ".tmp")
            for (auto& key : fs::directory_iterator(shard.path()))
                for ([[maybe_unused]] auto& gen : fs::directory_iterator(key.path()))
                    ++generations;
    EXPECT_EQ(generations, killed.status == 200 ? 2 : 1);
    server.reset();
    fs::remove_all(data);
}

} // namespace
} // namespace pictor::test
