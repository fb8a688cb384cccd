// The command-line tools as an operator uses them: `pictor process` in a pipeline (stdin to
// stdout) and over a folder (--batch), `pictor admin` printing tables with ISO dates or JSON,
// taking passwords from stdin instead of the command line, and each subcommand's --help
// about that subcommand.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CommandRun {
    int status = -1;
    std::string out;
};

// `command` through sh; stdout (and stderr when asked) collected.
CommandRun run(const std::string& command, bool with_stderr = true) {
    CommandRun r;
    FILE* p = ::popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (!p) return r;
    char buffer[8192];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0)
        r.out.append(buffer, n);
    int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string pictor() { return pictor_binary(); }

TEST(Cli, ProcessReadsStdinAndWritesStdout) {
    auto photo = (samples_dir() / "photo.jpg").string();
    auto piped = run("cat " + photo + " | " + pictor() +
                         " process - - --iiif full/64,/0/default --format png",
                     false);
    ASSERT_EQ(piped.status, 0);
    auto d = decode(piped.out);
    EXPECT_EQ(d.width, 64);
    EXPECT_EQ(piped.out.substr(1, 3), "PNG");
    // Without a format to write, it says what to add.
    auto unsure = run("cat " + photo + " | " + pictor() + " process - - --iiif full/64,/0/default");
    EXPECT_EQ(unsure.status, 1);
    EXPECT_NE(unsure.out.find("--format"), std::string::npos) << unsure.out;
}

TEST(Cli, ProcessBatchConvertsAFolderAndGoesOnPastABadFile) {
    auto in = make_temp_dir("batch-in"), out = make_temp_dir("batch-out");
    fs::create_directories(in / "sub");
    fs::copy_file(samples_dir() / "photo.jpg", in / "a.jpg");
    fs::copy_file(samples_dir() / "portrait.jpg", in / "sub" / "b.jpg");
    std::ofstream(in / "notes.txt") << "not an image";
    std::string jpeg = read_bytes(samples_dir() / "photo.jpg");
    std::ofstream(in / "sub" / "cut.jpg", std::ios::binary) << jpeg.substr(0, jpeg.size() / 2);

    auto r = run(pictor() + " process --batch " + in.string() + " " + out.string() +
                 " --iiif full/100,/0/default --format webp");
    EXPECT_EQ(r.status, 1) << r.out; // the damaged file
    EXPECT_NE(r.out.find("cut.jpg"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("4 files, 1 failed"), std::string::npos) << r.out;
    EXPECT_EQ(decode(read_bytes(out / "a.webp")).width, 100);
    EXPECT_EQ(decode(read_bytes(out / "sub" / "b.webp")).width, 100);
    EXPECT_FALSE(fs::exists(out / "notes.webp"));
    // Not on a terminal: no progress bar in the output.
    EXPECT_EQ(r.out.find('\r'), std::string::npos);
    fs::remove_all(in);
    fs::remove_all(out);
}

class CliAdmin : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw",
                                     "auth.kdf_cost=10", "auth.prerender_thumbnails=false"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
    }
    // `pictor admin` with the password on stdin, never on the command line.
    static CommandRun admin(const std::string& args, const std::string& more_stdin = "") {
        return run("printf 'secret-pw\\n" + more_stdin + "' | " + pictor() + " admin --url " +
                   server_->url("") + " --user admin --password-stdin " + args);
    }
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliAdmin, TablesWithIsoDatesOrJson) {
    ASSERT_EQ(admin("add-role staff").status, 0);
    ASSERT_EQ(admin("policy photo.jpg --role staff --max-width 800 --title 'A photo'").status, 0);
    auto table = admin("assets");
    ASSERT_EQ(table.status, 0) << table.out;
    EXPECT_TRUE(std::regex_search(table.out, std::regex("^ID +SIZE +FORMAT +ROLES"))) << table.out;
    EXPECT_TRUE(std::regex_search(
        table.out, std::regex("photo\\.jpg +[0-9]+x[0-9]+ +jpg +staff +800 .*"
                              "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +A photo")))
        << table.out;
    auto one = admin("asset photo.jpg");
    EXPECT_TRUE(std::regex_search(one.out, std::regex("maxWidth: +800"))) << one.out;
    auto as_json = admin("assets --json");
    ASSERT_EQ(as_json.status, 0);
    auto parsed = json::parse(as_json.out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << as_json.out;
    EXPECT_EQ(parsed["assets"][0]["id"], "photo.jpg");
    EXPECT_TRUE(parsed["assets"][0]["updated"].is_number()); // scripts get the raw epoch
    // The server's refusal: its message on stderr, exit 1.
    auto refused = admin("policy photo.jpg --max-width 100 --open-full-max 400");
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.out.find("HTTP 400"), std::string::npos) << refused.out;
}

TEST_F(CliAdmin, NewPasswordsComeFromStdinNotTheCommandLine) {
    ASSERT_EQ(admin("add-role readers").status, 0);
    auto made = admin("user carol --new-password - --role readers", "carols-pass\\n");
    ASSERT_EQ(made.status, 0) << made.out;
    EXPECT_NE(made.out.find("user carol saved"), std::string::npos) << made.out;
    std::string form = "username=carol&password=carols-pass";
    auto login = http_request("POST", server_->url("/auth/v2/access/active"), {}, &form);
    EXPECT_NE(login.header("set-cookie").find("pictor_session="), std::string::npos);
    auto users = admin("users");
    EXPECT_TRUE(
        std::regex_search(users.out, std::regex("carol +readers +\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z")))
        << users.out;
    // A wrong admin password on stdin: refused by the server.
    auto wrong = run("printf 'nope\\n' | " + pictor() + " admin --url " + server_->url("") +
                     " --user admin --password-stdin users");
    EXPECT_EQ(wrong.status, 1);
}

TEST(Cli, EachSubcommandsHelpIsAboutIt) {
    auto admin = run(pictor() + " admin --help");
    EXPECT_EQ(admin.status, 0);
    EXPECT_NE(admin.out.find("--password-stdin"), std::string::npos);
    EXPECT_EQ(admin.out.find("Configuration keys"), std::string::npos);
    auto process = run(pictor() + " process --help");
    EXPECT_NE(process.out.find("--batch"), std::string::npos);
    EXPECT_EQ(process.out.find("limits.max_width ("), std::string::npos);
    auto serve = run(pictor() + " serve --help");
    EXPECT_NE(serve.out.find("Configuration keys"), std::string::npos);
    EXPECT_NE(serve.out.find("pyramid.decoded_copy_max_pixels"), std::string::npos);
}

} // namespace
} // namespace pictor::test
