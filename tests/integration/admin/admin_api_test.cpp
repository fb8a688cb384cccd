// The admin API and `pictor admin`: validation, credentials, sniffed and atomic uploads,
// concurrent replaces, kill -9 mid-upload.
#include <filesystem>
#include <regex>
#include <thread>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "integration/access/access_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class AdminApi : public AccessServer {};

TEST_F(AdminApi, AdminApiValidatesAndNeedsCredentials) {
    EXPECT_EQ(http_get(server_->url("/admin/assets")).status, 401);
    EXPECT_NE(http_get(server_->url("/admin/assets")).header("www-authenticate").find("Basic"),
              std::string::npos);
    EXPECT_EQ(http_get(server_->url("/admin/assets"), {"Authorization: Basic YWRtaW46eA=="}).status,
              401);
    auto list = admin("GET", "/admin/assets");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body)["assets"].size(), 11u);
    for (const char* bad : {R"({"maxWidth":100})", R"({"maxWidth":-5})", R"({"openFullMax":1})",
                            R"({"roles":["nobody"]})", R"({"roles":"staff"})", R"({"bogus":1})",
                            R"(not json)", R"({"maxWidth":"big"})"}) {
        auto r = admin("PUT", "/admin/assets/s1.jpg/policy", bad);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_FALSE(json::parse(r.body)["message"].get<std::string>().empty());
    }
    EXPECT_EQ(admin("PUT", "/admin/assets/missing.jpg/policy", "{}").status, 404);
    EXPECT_EQ(admin("PUT", "/admin/users/carol", R"({"roles":["staff"]})").status, 400);
    EXPECT_EQ(
        admin("PUT", "/admin/users/carol", R"({"password":"long-enough","roles":["x"]})").status,
        400);
    EXPECT_EQ(admin("POST", "/admin/cache/purge").status, 200);
    EXPECT_EQ(admin("GET", "/admin/nothing").status, 404);
}

TEST_F(AdminApi, UploadsAreSniffedSizeLimitedAndAtomic) {
    std::string gif = read_bytes(samples_dir() / "small.gif");
    std::string jpeg = read_bytes(samples_dir() / "portrait.jpg");
    auto created = admin("PUT", "/admin/assets/up/new.gif/source", gif);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json::parse(created.body)["format"], "gif");
    EXPECT_EQ(http_get(server_->url("/iiif/3/up%2Fnew.gif/full/max/0/default.png")).status, 200);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/new.gif/source", gif).status, 200);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/x.txt/source", "just text, no image").status, 415);
    EXPECT_EQ(admin("PUT", "/admin/assets/up/x.jpg/source", "\xFF\xD8\xFF garbage").status, 422);
    auto big = admin("PUT", "/admin/assets/up/big.jpg/source", std::string(300000, 'x'));
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(json::parse(big.body)["error"], 413) << big.body; // the admin API's JSON
    EXPECT_EQ(admin("PUT", "/admin/assets/../escape.jpg/source", gif).status, 400);
    EXPECT_FALSE(fs::exists(root_->path() / "up/x.txt"));
    EXPECT_FALSE(fs::exists(root_->path() / "up/x.jpg"));

    // Concurrent replaces of one asset leave one complete source.
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back(
            [&, i] { admin("PUT", "/admin/assets/race.jpg/source", i % 2 ? gif : jpeg); });
    for (auto& t : threads)
        t.join();
    std::string final_bytes = read_bytes(root_->path() / "race.jpg");
    EXPECT_TRUE(final_bytes == gif || final_bytes == jpeg);
    auto row = json::parse(admin("GET", "/admin/assets/race.jpg").body);
    EXPECT_EQ(row["format"], final_bytes == gif ? "gif" : "jpg");
    EXPECT_EQ(admin("DELETE", "/admin/assets/race.jpg").status, 204);
    EXPECT_FALSE(fs::exists(root_->path() / "race.jpg"));
    EXPECT_EQ(admin("DELETE", "/admin/assets/race.jpg").status, 404);
}

TEST_F(AdminApi, AdminCliWrapsTheApi) {
    std::string cli = pictor_binary() + " admin --url " + server_->url("") +
                      " --user admin --password secret-pw ";
    auto run = [&](const std::string& args) {
        std::string out;
        FILE* p = ::popen((cli + args + " 2>&1").c_str(), "r");
        char buf[4096];
        while (p && std::fgets(buf, sizeof buf, p))
            out += buf;
        int status = p ? ::pclose(p) : -1;
        return std::pair{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
    };
    EXPECT_EQ(run("add-role cli-role").first, 0);
    EXPECT_NE(run("roles").second.find("cli-role"), std::string::npos);
    auto policy = run("policy s3.jpg --role cli-role --max-width 512 --title 'From the CLI'");
    ASSERT_EQ(policy.first, 0) << policy.second;
    auto asset = json::parse(admin("GET", "/admin/assets/s3.jpg").body);
    EXPECT_EQ(asset["maxWidth"], 512);
    EXPECT_EQ(asset["roles"][0], "cli-role");
    EXPECT_EQ(asset["title"], "From the CLI");
    EXPECT_EQ(run("policy s3.jpg --max-width 100").first, 1); // the server's 400
    EXPECT_EQ(run("upload cli/p.jpg " + (samples_dir() / "portrait.jpg").string()).first, 0);
    EXPECT_TRUE(fs::exists(root_->path() / "cli/p.jpg"));
    EXPECT_EQ(run("user carol --new-password carols-pass --role cli-role").first, 0);
    EXPECT_FALSE(login("carol", "carols-pass").empty());
    EXPECT_EQ(run("bogus").first, 2);
    // Put scenario 3 back for the other tests of this process.
    admin("PUT", "/admin/assets/s3.jpg/policy",
          R"({"roles":[],"maxWidth":1000,"openFullMax":400,"openMaxWidth":512})");
}

TEST(AccessKill, KillDuringUploadLeavesTheOldSourceIntact) {
    TempImageRoot root;
    std::string before = read_bytes(root.path() / "portrait.jpg");
    auto server = std::make_unique<ServerProcess>(
        root.path(), std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw"});
    // Start an upload whose body never finishes, then kill the server mid-way.
    std::thread upload([&] {
        std::string big = read_bytes(samples_dir() / "photo.jpg");
        http_request("PUT", server->url("/admin/assets/portrait.jpg/source"),
                     {admin_auth(), "Expect:"}, &big);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ::kill(server->pid(), SIGKILL);
    upload.join();
    EXPECT_EQ(read_bytes(root.path() / "portrait.jpg"), before);
    // A restart serves the old source and leaves no temp file behind.
    server = std::make_unique<ServerProcess>(root.path());
    auto r = http_get(server->url("/iiif/3/portrait.jpg/full/max/0/default.jpg"));
    ASSERT_EQ(r.status, 200);
    EXPECT_GT(decode(r.body).width, 0);
    std::error_code ec;
    auto tmp = root.path() / ".pictor-tmp";
    EXPECT_TRUE(!fs::exists(tmp) || fs::is_empty(tmp));
    EXPECT_EQ(http_get(server->url("/iiif/3/.pictor-tmp%2Fx/info.json")).status, 400);
}

TEST(AccessOff, AdminApiIsAbsentWithoutCredentials) {
    TempImageRoot root;
    ServerProcess server(root.path());
    EXPECT_EQ(http_get(server.url("/admin/assets")).status, 404);
}
} // namespace
} // namespace pictor::test
