#include "support/server_process.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <cstdlib>
#include <memory>

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "support/bombs.h"
#include "support/postgres_server.h"
#include "support/s3_server.h"

namespace pictor::test {
namespace fs = std::filesystem;

pid_t spawn_logged(std::vector<std::string> args, const fs::path& log) {
    pid_t pid = ::fork();
    if (pid == 0) {
        FILE* f = std::freopen(log.c_str(), "w", stdout);
        (void)f;
        ::dup2(::fileno(stdout), 2);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

int terminate_and_wait(pid_t pid) {
    if (pid <= 0) return -1;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

fs::path make_temp_dir(const std::string& tag) {
    std::string pattern = (fs::temp_directory_path() / ("pictor-" + tag + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

namespace {

void link_or_copy(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_hard_link(from, to, ec);
    if (ec) fs::copy_file(from, to);
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

fs::path samples_dir() { return PICTOR_SAMPLES; }
std::string pictor_binary() { return PICTOR_BINARY; }

TempImageRoot::TempImageRoot() : dir_(make_temp_dir("images")) {
    for (const char* f : {"photo.jpg", "pyramid.tif", "alpha.png", "portrait.jpg", "small.gif"})
        link_or_copy(samples_dir() / f, dir_ / f);
    fs::create_directories(dir_ / "collection");
    link_or_copy(samples_dir() / "collection/page1.jpg", dir_ / "collection/page1.jpg");
    std::ifstream in(samples_dir() / "collection/page1.jpg", std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(in)), {});
    write_file(dir_ / "truncated.jpg", jpeg.substr(0, jpeg.size() / 2));
    write_file(dir_ / "bomb.png", bomb_png());
    write_file(dir_ / "notes.txt", "this is not an image\n");
    fs::create_symlink(samples_dir() / "photo.jpg", dir_ / "escape.jpg");
    fs::create_symlink(dir_ / "small.gif", dir_ / "inside-link.gif");
}

TempImageRoot::~TempImageRoot() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

namespace {

// TEST_CATALOG_FROM=postgres: the state database on the tests' PostgreSQL. A server with its
// own store.data (restarted by its test) keeps one database across restarts; others get a
// fresh one.
std::string postgres_catalog(const std::vector<std::string>& settings, const fs::path& work) {
    for (const auto& s : settings)
        if (s.rfind("store.data=", 0) == 0) {
            auto hash = std::hash<std::string>{}(s);
            return PostgresServer::shared().database("data_" + std::to_string(hash));
        }
    return PostgresServer::shared().fresh_database("run_" + work.filename().string());
}

// TEST_IMAGES_FROM=s3: the root's regular files (links followed) uploaded under a prefix of
// their own, and the settings that mount the bucket on every identifier.
std::vector<std::string> served_from_s3(const fs::path& images) {
    static std::unique_ptr<S3Server> s3; // one per test process
    if (!s3) s3 = std::make_unique<S3Server>(std::vector<std::string>{"samples"});
    std::string prefix = images.filename().string();
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(images, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        fs::path target = fs::weakly_canonical(it->path(), ec);
        if (!fs::is_regular_file(it->path(), ec)) continue;
        auto rel = target.lexically_relative(fs::weakly_canonical(images));
        if (rel.empty() || *rel.begin() == "..") continue; // links out of the root stay out
        std::string bytes = read_bytes(it->path());
        std::string key = prefix + "/" + it->path().lexically_relative(images).generic_string();
        if (s3->put("samples", key, bytes) != 200)
            throw std::runtime_error("cannot upload " + key + " to s3rver");
    }
    return {"remote.sources=/=s3://samples/" + prefix + "/",
            "s3.endpoint=" + s3->endpoint(),
            "s3.path_style=true",
            std::string("s3.access_key=") + S3Server::kAccessKey,
            std::string("s3.secret_key=") + S3Server::kSecretKey,
            "remote.allowed_networks=127.0.0.1/32"};
}

} // namespace

ServerProcess::ServerProcess(const fs::path& images, std::vector<std::string> settings)
    : work_(make_temp_dir("server")) {
    if (const char* source = std::getenv("TEST_IMAGES_FROM"); source && std::string(source) == "s3")
        for (auto& s : served_from_s3(images))
            settings.insert(settings.begin(), std::move(s));
    fs::path ready = work_ / "port";
    std::vector<std::string> args = {pictor_binary(), "serve",        "--images",
                                     images.string(), "--ready-file", ready.string()};
    // Any free port, unless the test names one (a node restarted where its balancer expects it).
    bool own_port = false;
    for (const auto& s : settings)
        own_port = own_port || s.rfind("server.port=", 0) == 0;
    if (!own_port) {
        args.push_back("--port");
        args.push_back("0");
    }
    // A test may keep its data directory across restarts with its own store.data setting.
    bool own_data = false;
    for (const auto& s : settings)
        own_data = own_data || s.rfind("store.data=", 0) == 0;
    if (!own_data) {
        args.push_back("--data");
        args.push_back((work_ / "data").string());
    }
    // Pyramid side-cars off unless a test turns them on: the dialect suites compare exact
    // pixels of photo.jpg renders, which a side-car built in the background midway would make
    // depend on timing. Side-cars have their own suite (pyramid_sidecar_test.cpp).
    bool own_sidecars = false;
    for (const auto& s : settings)
        own_sidecars = own_sidecars || s.rfind("pyramid.min_pixels=", 0) == 0;
    if (!own_sidecars) settings.insert(settings.begin(), "pyramid.min_pixels=0");
    if (const char* state = std::getenv("TEST_CATALOG_FROM");
        state && std::string(state) == "postgres")
        settings.insert(settings.begin(), "catalog.url=" + postgres_catalog(settings, work_));
    for (auto& s : settings) {
        if (s.rfind("--config=", 0) == 0) { // a configuration file, read before the --set ones
            args.push_back("--config");
            args.push_back(s.substr(9));
            continue;
        }
        args.push_back("--set");
        args.push_back(s);
    }
    pid_ = spawn_logged(std::move(args), work_ / "log");
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
        std::ifstream in(ready);
        if (in >> port_ && port_ > 0) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("pictor exited at start-up: " + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("pictor did not start: " + log());
}

ServerProcess::~ServerProcess() {
    stop();
    std::error_code ec;
    fs::remove_all(work_, ec);
}

std::string ServerProcess::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int ServerProcess::stop() {
    int status = terminate_and_wait(pid_);
    pid_ = -1;
    return status;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string ServerProcess::log() const { return read_bytes(work_ / "log"); }

int free_loopback_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(s);
        throw std::runtime_error("no free loopback port");
    }
    ::close(s);
    return ntohs(a.sin_port);
}

int run_pictor(const std::string& args, std::string* output) {
    std::string cmd = pictor_binary() + " " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
        output->append(buf);
    int status = ::pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace pictor::test
