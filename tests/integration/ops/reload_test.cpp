// SIGHUP as an operator sends it (`systemctl reload pictor`) after editing the configuration
// file (issue 33, item 8): the log level and the request limits apply from the next request,
// keys that cannot change in a running server are named as needing a restart (never their
// values), and a configuration that does not load changes nothing.
#include <csignal>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 100 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return done();
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

TEST(Reload, SighupAppliesTheLogLevelAndLimitsAndNamesWhatNeedsARestart) {
    auto dir = make_temp_dir("reload");
    fs::path file = dir / "pictor.toml";
    write(file, "[limits]\nmax_output_pixels = 40000000\n[log]\nlevel = \"info\"\n"
                "[admin]\nuser = \"admin\"\npassword = \"first-secret\"\n");
    ServerProcess server(samples_dir(), {"--config=" + file.string()});
    auto big = server.url("/iiif/3/photo.jpg/full/1000,/0/default.jpg"); // 1000x667
    ASSERT_EQ(http_get(big).status, 200);

    // The output limit drops below the answer, the admin password changes (a restart applies
    // it) and so does the number of network threads.
    write(file, "[limits]\nmax_output_pixels = 500000\n[log]\nlevel = \"info\"\n"
                "[admin]\nuser = \"admin\"\npassword = \"second-secret\"\n"
                "[server]\nio_threads = 3\n");
    ::kill(server.pid(), SIGHUP);
    ASSERT_TRUE(eventually([&] {
        return server.log().find("configuration reloaded") != std::string::npos;
    })) << server.log();
    auto refused = http_get(big);
    EXPECT_EQ(refused.status, 400) << refused.body; // IIIF: beyond maxArea
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/500,/0/default.jpg")).status, 200);
    // IIIF clients learn the new bound from info.json.
    EXPECT_NE(http_get(server.url("/iiif/3/photo.jpg/info.json")).body.find("\"maxArea\": 500000"),
              std::string::npos);
    std::string log = server.log();
    EXPECT_NE(log.find("applied limits.max_output_pixels;"), std::string::npos) << log;
    EXPECT_NE(log.find("'admin.password' changed and needs a restart"), std::string::npos) << log;
    EXPECT_NE(log.find("'server.io_threads' changed and needs a restart"), std::string::npos);
    EXPECT_EQ(log.find("second-secret"), std::string::npos) << "a secret in the log";

    // A file that does not load: logged, nothing changes.
    write(file, "[limits]\nmax_output_pixels = 40000000\nbogus = 1\n");
    int reloads = count(server.log(), "configuration reloaded");
    ::kill(server.pid(), SIGHUP);
    ASSERT_TRUE(eventually([&] {
        return server.log().find("configuration not reloaded") != std::string::npos;
    })) << server.log();
    EXPECT_NE(server.log().find("unknown configuration key 'limits.bogus'"), std::string::npos);
    EXPECT_EQ(count(server.log(), "configuration reloaded"), reloads);
    EXPECT_EQ(http_get(big).status, 400); // the reloaded limit stays

    // The first limit again, and the log level raised to warn: the large answer comes back
    // without a restart, and the reload's own report (info) is no longer written.
    write(file, "[limits]\nmax_output_pixels = 40000000\n[log]\nlevel = \"warn\"\n"
                "[admin]\nuser = \"admin\"\npassword = \"first-secret\"\n"
                "[server]\nio_threads = 3\n");
    ::kill(server.pid(), SIGHUP);
    EXPECT_TRUE(eventually([&] { return http_get(big).status == 200; }));
    EXPECT_TRUE(eventually([&] {
        return count(server.log(), "needs a restart") == 3; // io_threads still: a warning
    })) << server.log();
    EXPECT_EQ(count(server.log(), "configuration reloaded"), reloads);
    EXPECT_EQ(server.stop(), 0);
    fs::remove_all(dir);
}

} // namespace
} // namespace pictor::test
