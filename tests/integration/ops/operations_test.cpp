// What an operator meets (issue 18): `pictor --version`, the pictor_build_info metric, /readyz
// checking the derivative cache's folder, and a service started the way a package or a
// Kubernetes pod starts it: from a config file in another folder (relative paths read against
// that folder), with a Service named "pictor" injecting PICTOR_PORT=tcp://….
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A command's standard output.
std::string output_of(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0)
        out.append(buffer, n);
    ::pclose(p);
    return out;
}

TEST(Operations, VersionNamesPictorItsCommitAndItsImageLibraries) {
    auto text = output_of(pictor_binary() + " --version");
    EXPECT_TRUE(std::regex_search(
        text,
        std::regex("^pictor [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit ([0-9a-f]+(\\+dirty)?|unknown), "
                   "[A-Za-z]+\\)\n")))
        << text;
    for (const char* library :
         {"\nlibvips 8.", "\nlibjpeg-turbo ", "\nlibtiff 4.", "\nlibwebp ", "\nlibyuv "})
        EXPECT_NE(text.find(library), std::string::npos) << library << " in " << text;
}

TEST(Operations, TheLandingPageSaysWhatThisServerIsAndItsLinksWork) {
    TempImageRoot root;
    ServerProcess server(root.path());
    auto page = http_get(server.url("/"));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(page.header("cache-control"), "no-cache");
    EXPECT_TRUE(
        std::regex_search(page.body, std::regex("pictor [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit")))
        << page.body;
    EXPECT_NE(page.body.find("libvips 8."), std::string::npos);
    EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(page.body.find("name=\"viewport\""), std::string::npos);
    EXPECT_EQ(page.body.find("photo.jpg"), std::string::npos); // the catalog is not listed
    // Every link on it answers.
    std::smatch m;
    std::string rest = page.body;
    int links = 0;
    while (std::regex_search(rest, m, std::regex("href=\"([^\"]+)\""))) {
        EXPECT_EQ(http_get(server.url(m[1])).status, 200) << m[1];
        ++links;
        rest = m.suffix();
    }
    EXPECT_EQ(links, 5); // the Presentation collection, OpenAPI, health, readiness, metrics
    // With the operator pages on their own listener, /metrics is not offered here.
    ServerProcess apart(root.path(), {"ops.listen=127.0.0.1:0"});
    EXPECT_EQ(http_get(apart.url("/")).body.find("/metrics"), std::string::npos);
}

TEST(Operations, MetricsSayWhichBuildIsRunning) {
    TempImageRoot root;
    ServerProcess server(root.path());
    auto body = http_get(server.url("/metrics")).body;
    EXPECT_TRUE(std::regex_search(
        body, std::regex("\npictor_build_info\\{version=\"[0-9.]+\",commit=\"[^\"]+\","
                         "libvips=\"8\\.[0-9.]+\"\\} 1\n")))
        << body.substr(0, 400);
    EXPECT_NE(body.find("# TYPE pictor_build_info gauge"), std::string::npos);
}

TEST(Operations, MetricsAreAValidExpositionWithEveryFamilyTogether) {
    TempImageRoot root;
    ServerProcess server(root.path());
    // Requests of several dialects and statuses, so labelled families have several samples.
    for (const char* path :
         {"/iiif/3/photo.jpg/info.json", "/iiif/3/photo.jpg/full/64,/0/default.jpg",
          "/iiif/3/nope.jpg/info.json", "/api/display/photo.jpg?size=30", "/healthz",
          "/imageconverter/getKeyCount", "/v1/file/photo.jpg"})
        http_get(server.url(path));
    auto file = make_temp_dir("metrics") / "metrics.txt";
    std::string body;
    for (int i = 0; i < 40; ++i) { // requests are counted once their answers are written
        body = http_get(server.url("/metrics")).body;
        if (body.find("route=\"file\"") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::ofstream(file) << body;
    auto report = output_of(std::string("/usr/bin/python3 ") + PICTOR_METRICS_CHECKER + " < " +
                            file.string() + "; echo exit=$?");
    EXPECT_NE(report.find("exit=0"), std::string::npos) << report;
    // Latency by dialect and route, as histograms; the converter's timings too.
    EXPECT_NE(body.find("pictor_http_request_duration_seconds_bucket{dialect=\"iiif\","
                        "route=\"iiif3\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(body.find("# TYPE pictor_converter_request_seconds histogram"), std::string::npos);
    EXPECT_NE(body.find("pictor_queue_wait_seconds_bucket{lane=\"request\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(body.find("pictor_cache_read_seconds_bucket{tier=\"disk\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(body.find("pictor_render_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
    EXPECT_NE(body.find("# TYPE pictor_converter_queue_wait_seconds histogram"), std::string::npos);
    EXPECT_NE(body.find("pictor_converter_key_processing_seconds_bucket{le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_EQ(body.find(" summary\n"), std::string::npos); // no medians of one node's window
    EXPECT_EQ(body.find("_median"), std::string::npos);
    fs::remove_all(file.parent_path());
}

// The value of the sample `series` (name and labels exactly), or -1.
double sample(const std::string& body, const std::string& series) {
    auto at = body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(body.substr(at + series.size() + 2));
}

TEST(Operations, MetricsShowTheProcessLibvipsAndRequestsInFlight) {
    TempImageRoot root;
    ServerProcess server(root.path());
    ASSERT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/300,/0/default.jpg")).status, 200);
    // The image's request leaves the gauge once its write completes, which may be a moment after
    // the client has read the answer.
    const std::string image_in_flight =
        "pictor_http_requests_in_flight{dialect=\"iiif\",route=\"iiif3\"}";
    std::string body;
    for (int i = 0; i < 40; ++i) {
        body = http_get(server.url("/metrics")).body;
        if (sample(body, image_in_flight) == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    // process_* as the Prometheus client libraries name them.
    double started = sample(body, "process_start_time_seconds");
    EXPECT_GT(started, now - 600) << body.substr(0, 2000);
    EXPECT_LE(started, now + 1);
    EXPECT_GT(sample(body, "process_cpu_seconds_total"), 0);
    EXPECT_GT(sample(body, "process_resident_memory_bytes"), 5e6);
    EXPECT_GT(sample(body, "process_virtual_memory_bytes"),
              sample(body, "process_resident_memory_bytes"));
    double fds = sample(body, "process_open_fds"), max_fds = sample(body, "process_max_fds");
    EXPECT_GT(fds, 3);
    EXPECT_LT(fds, max_fds);
    // libvips' own accounting: a render has held pixel buffers.
    EXPECT_GT(sample(body, "pictor_vips_memory_peak_bytes"), 100000);
    EXPECT_GE(sample(body, "pictor_vips_memory_bytes"), 0);
    EXPECT_GE(sample(body, "pictor_vips_open_files"), 0);
    EXPECT_GE(sample(body, "pictor_vips_allocations"), 0);
    // The scrape itself is in flight while it is gathered (an earlier one may still be finishing
    // its write); the image answered earlier is not.
    EXPECT_GE(sample(body, "pictor_http_requests_in_flight{dialect=\"ops\",route=\"metrics\"}"), 1);
    EXPECT_EQ(sample(body, image_in_flight), 0);
}

// `pictor serve --check-config` as an operator runs it before a restart: a bad key, a bad value
// or a missing image folder is exit 2 naming it, and nothing listens.
TEST(Operations, CheckConfigRefusesWhatServeWouldRefuse) {
    TempImageRoot root;
    std::string images = " --images " + root.path().string();
    struct Case {
        std::string args, says;
    };
    for (const Case& c :
         std::vector<Case>{{"--set limits.bogus=1", "unknown configuration key 'limits.bogus'"},
                           {"--set limits.max_width=-5", "limits.max_width"},
                           {"--set catalog.poll_ms=often", "catalog.poll_ms"},
                           {"--set log.level=loud", "log.level"}}) {
        std::string out;
        EXPECT_EQ(run_pictor("serve --check-config" + images + " " + c.args, &out), 2) << c.args;
        EXPECT_NE(out.find(c.says), std::string::npos) << c.args << ": " << out;
    }
    std::string out;
    EXPECT_EQ(run_pictor("serve --check-config --images /nonexistent/pictor-images", &out), 2);
    EXPECT_NE(out.find("store.images"), std::string::npos) << out;
    out.clear();
    EXPECT_EQ(run_pictor("serve --check-config" + images, &out), 0) << out;
    EXPECT_NE(out.find("configuration OK"), std::string::npos) << out;
}

// `pictor health`, the container's HEALTHCHECK: 0 for a server that answers /healthz, 1 for a
// port nothing listens on or an answer that is not 200.
TEST(Operations, HealthAsksTheServerItsConfigurationNames) {
    TempImageRoot root;
    ServerProcess server(root.path());
    std::string out;
    EXPECT_EQ(run_pictor("health --set server.port=" + std::to_string(server.port()), &out), 0)
        << out;
    out.clear();
    EXPECT_EQ(run_pictor("health --url " + server.url("/nope"), &out), 1);
    EXPECT_NE(out.find("answered 404"), std::string::npos) << out;
    out.clear();
    EXPECT_EQ(run_pictor("health --timeout-ms 500 --set server.port=" +
                             std::to_string(free_loopback_port()),
                         &out),
              1);
    EXPECT_NE(out.find("pictor health"), std::string::npos) << out;
}

// systemd's side of Type=notify: a datagram socket named by NOTIFY_SOCKET.
class NotifySocket {
  public:
    explicit NotifySocket(const fs::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        timeval timeout{0, 200'000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~NotifySocket() { ::close(fd_); }
    // Messages until one contains `want` (at most 20 s); all of them, joined.
    std::string until(const std::string& want) {
        std::string seen;
        for (int i = 0; i < 100 && seen.find(want) == std::string::npos; ++i) {
            char buffer[4096];
            ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n > 0) seen += std::string(buffer, static_cast<std::size_t>(n)) + "\n";
        }
        return seen;
    }

  private:
    fs::path path_;
    int fd_ = -1;
};

TEST(Operations, TellsSystemdWhenItListensReloadsAndStops) {
    TempImageRoot root;
    auto dir = make_temp_dir("notify");
    NotifySocket systemd(dir / "notify");
    ::setenv("NOTIFY_SOCKET", (dir / "notify").c_str(), 1);
    auto data = dir / "data";
    pid_t pid =
        spawn_logged({pictor_binary(), "serve", "--images", root.path().string(), "--data",
                      data.string(), "--port", "0", "--ready-file", (dir / "port").string()},
                     dir / "log");
    ::unsetenv("NOTIFY_SOCKET");
    auto ready = systemd.until("READY=1");
    EXPECT_NE(ready.find("READY=1"), std::string::npos) << read_bytes(dir / "log");
    EXPECT_NE(ready.find("STATUS=serving on port"), std::string::npos) << ready;
    // Only once it listens: the port is taken by then.
    EXPECT_FALSE(read_bytes(dir / "port").empty());

    ::kill(pid, SIGHUP);
    auto reload = systemd.until("READY=1");
    auto reloading = reload.find("RELOADING=1");
    EXPECT_NE(reloading, std::string::npos) << reload;
    EXPECT_NE(reload.find("READY=1", reloading), std::string::npos) << reload;

    EXPECT_EQ(terminate_and_wait(pid), 0);
    EXPECT_NE(systemd.until("STOPPING=1").find("STOPPING=1"), std::string::npos);
    fs::remove_all(dir);
}

// A cache folder that cannot take files degrades the node (200, named in the body and the
// metrics: images are still served, uncached); an unreadable image store takes it out (503).
TEST(Operations, ReadinessIsDegradedWithoutTheCacheAndDownWithoutTheImageStore) {
    TempImageRoot root;
    auto data = make_temp_dir("ready-data");
    {
        ServerProcess server(root.path(), {"store.data=" + data.string()});
        auto ready = http_get(server.url("/readyz"));
        ASSERT_EQ(ready.status, 200) << ready.body;
        EXPECT_EQ(json::parse(ready.body)["cache"], true);

        fs::remove_all(data / "cache"); // gone, as an unmounted volume would be
        auto gone = http_get(server.url("/readyz"));
        EXPECT_EQ(gone.status, 200) << gone.body;
        auto body = json::parse(gone.body);
        EXPECT_EQ(body["cache"], false);
        EXPECT_EQ(body["status"], "degraded");
        EXPECT_EQ(body["degraded"], json::array({"cache"}));
        EXPECT_EQ(gone.body.find(data.string()), std::string::npos); // no paths to the client
        EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/!100,100/0/default.jpg")).status,
                  200);
        EXPECT_EQ(metric(server, "pictor_ready"), 1);
        EXPECT_NE(http_get(server.url("/metrics")).body.find("pictor_degraded{part=\"cache\"} 1"),
                  std::string::npos);
        EXPECT_NE(server.log().find("readyz: degraded: derivative cache not writable"),
                  std::string::npos);

        fs::create_directories(data / "cache");
        auto back = http_get(server.url("/readyz"));
        EXPECT_EQ(back.status, 200);
        EXPECT_EQ(json::parse(back.body)["status"], "ok");

        // The image store loses its search permission (an unmounted or re-permissioned volume,
        // as the unprivileged service user sees it: root reads any folder, so it is moved away).
        fs::rename(root.path(), root.path().string() + "-away");
        auto down = http_get(server.url("/readyz"));
        EXPECT_EQ(down.status, 503) << down.body;
        EXPECT_EQ(json::parse(down.body)["status"], "unavailable");
        EXPECT_EQ(metric(server, "pictor_ready"), 0);
        EXPECT_NE(server.log().find("readyz: not ready: image store unreadable"),
                  std::string::npos);
        EXPECT_EQ(http_get(server.url("/healthz")).status, 200); // alive all the same
        fs::rename(root.path().string() + "-away", root.path());
        EXPECT_EQ(http_get(server.url("/readyz")).status, 200);
    }
    fs::remove_all(data);
}

TEST(Operations, StartsFromAConfigFileElsewhereBesideAKubernetesServiceLink) {
    auto etc = make_temp_dir("etc");
    fs::create_directory_symlink(samples_dir(), etc / "images");
    std::ofstream(etc / "pictor.toml") << "[server]\nhost = \"127.0.0.1\"\nport = 0\n"
                                          "ready_file = \"port\"\n"
                                          "[store]\nimages = \"images\"\ndata = \"state\"\n";
    // As a kubelet would: PICTOR_PORT and friends in the environment, another working folder.
    ::setenv("PICTOR_PORT", "tcp://10.0.0.7:8080", 1);
    ::setenv("PICTOR_SERVICE_HOST", "10.0.0.7", 1);
    auto here = fs::current_path();
    fs::current_path("/");
    auto log = etc / "log";
    pid_t pid =
        spawn_logged({pictor_binary(), "serve", "--config", (etc / "pictor.toml").string()}, log);
    fs::current_path(here);
    ::unsetenv("PICTOR_PORT");
    ::unsetenv("PICTOR_SERVICE_HOST");

    int port = 0;
    for (int i = 0; i < 500 && port == 0; ++i) {
        std::ifstream in(etc / "port"); // relative in the file: beside it
        if (!(in >> port)) port = 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_GT(port, 0) << read_bytes(log);
    auto base = "http://127.0.0.1:" + std::to_string(port);
    EXPECT_EQ(http_get(base + "/iiif/3/photo.jpg/full/64,/0/default.jpg").status, 200);
    EXPECT_TRUE(fs::is_directory(etc / "state")) << read_bytes(log);
    EXPECT_EQ(terminate_and_wait(pid), 0);
    auto text = read_bytes(log);
    EXPECT_NE(text.find("ignoring environment variable PICTOR_PORT"), std::string::npos) << text;
    EXPECT_NE(text.find("ignoring environment variable PICTOR_SERVICE_HOST"), std::string::npos);
    fs::remove_all(etc);
}

// The log's JSON lines (others, such as a library's own output, are skipped).
std::vector<json> log_lines(const std::string& log) {
    std::vector<json> out;
    std::size_t start = 0;
    while (start < log.size()) {
        auto end = log.find('\n', start);
        if (end == std::string::npos) end = log.size();
        auto line = log.substr(start, end - start);
        if (!line.empty() && line[0] == '{')
            if (auto j = json::parse(line, nullptr, false); !j.is_discarded()) out.push_back(j);
        start = end + 1;
    }
    return out;
}

TEST(Operations, EveryRequestHasAnIdOnItsAnswerAndOnEachOfItsLogLines) {
    TempImageRoot root;
    ServerProcess server(root.path());
    // The client's own id, when usable, is kept; otherwise (none, or unsafe) a new one is made.
    auto kept = http_get(server.url("/iiif/3/photo.jpg/full/64,/0/default.jpg"),
                         {"X-Request-Id: edge-7f3a.1"});
    EXPECT_EQ(kept.header("x-request-id"), "edge-7f3a.1");
    auto made = http_get(server.url("/iiif/3/photo.jpg/full/65,/0/default.jpg"));
    auto unsafe = http_get(server.url("/iiif/3/photo.jpg/full/66,/0/default.jpg"),
                           {"X-Request-Id: two words\"}"});
    for (const auto& r : {made, unsafe})
        EXPECT_TRUE(std::regex_match(r.header("x-request-id"), std::regex("[0-9a-f]{32}")))
            << r.header("x-request-id");
    EXPECT_NE(made.header("x-request-id"), unsafe.header("x-request-id"));
    // An error answered by a worker: its log line names the request and the cause.
    auto broken = http_get(server.url("/iiif/3/truncated.jpg/full/max/0/default.jpg"),
                           {"X-Request-Id: broken-1"});
    EXPECT_EQ(broken.status, 422);
    EXPECT_EQ(broken.header("x-request-id"), "broken-1");

    bool access_kept = false, access_made = false, error_named = false;
    for (int i = 0; i < 50 && !(access_kept && access_made && error_named); ++i) {
        for (const auto& line : log_lines(server.log())) {
            EXPECT_TRUE(line.contains("time") && line.contains("level") && line.contains("log"))
                << line.dump();
            if (line["log"] == "access" && line["request_id"] == "edge-7f3a.1")
                access_kept = line["status"] == 200 && line["route"] == "iiif3";
            if (line["log"] == "access" && line["request_id"] == made.header("x-request-id"))
                access_made = true;
            if (line["log"] == "app" && line.value("request_id", "") == "broken-1")
                error_named = line.value("cause", "") == "source_corrupt";
        }
        if (!(access_kept && access_made && error_named))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(access_kept);
    EXPECT_TRUE(access_made);
    EXPECT_TRUE(error_named) << server.log();
}

} // namespace
} // namespace pictor::test
