// The cluster of docs/deployment.md on loopback: PostgreSQL for state, s3rver for the shared
// derivative tier, three pictor nodes sharing one image folder and one preview folder, and
// nginx balancing them with consistent hashing. Each test starts the whole cluster (CTest runs
// every test in a process of its own), with two workers per node.
#include <atomic>
#include <regex>
#include <thread>

#include "integration/fixture.h"
#include "support/nginx_server.h"
#include "support/postgres_server.h"
#include "support/s3_server.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
const std::string kAdmin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw

class Cluster : public ::testing::Test {
  protected:
    void SetUp() override {
        s3_ = std::make_unique<S3Server>(std::vector<std::string>{"cluster"});
        previews_ = make_temp_dir("cluster-previews"); // a shared volume, as NFS would be
        settings_ = {"catalog.url=" + PostgresServer::shared().fresh_database("cluster"),
                     "admin.user=admin",
                     "admin.password=secret-pw",
                     "auth.kdf_cost=10",
                     "limits.workers=2",
                     "converter.dir=" + previews_.string(),
                     "converter.anonymous=read write", // a back-end network, as OX runs it
                     "cache.shared=s3://cluster/derivatives/",
                     "s3.endpoint=" + s3_->endpoint(),
                     "s3.path_style=true",
                     std::string("s3.access_key=") + S3Server::kAccessKey,
                     std::string("s3.secret_key=") + S3Server::kSecretKey};
        for (int i = 0; i < 3; ++i)
            nodes_.push_back(std::make_unique<ServerProcess>(root_.path(), settings_));
        nginx_ = std::make_unique<NginxServer>(
            std::vector<int>{nodes_[0]->port(), nodes_[1]->port(), nodes_[2]->port()});
    }
    void TearDown() override {
        nginx_.reset();
        nodes_.clear();
        s3_.reset();
        fs::remove_all(previews_);
    }
    ServerProcess& node(int n) { return *nodes_[n - 1]; } // 1-based, as the issue counts

    // Restarts node `n` on its old port (the balancer's upstream list names it).
    void restart(int n) {
        int port = node(n).port();
        auto settings = settings_;
        settings.push_back("server.port=" + std::to_string(port));
        nodes_[n - 1] = std::make_unique<ServerProcess>(root_.path(), settings);
    }

    TempImageRoot root_;
    fs::path previews_;
    std::vector<std::string> settings_;
    std::unique_ptr<S3Server> s3_;
    std::vector<std::unique_ptr<ServerProcess>> nodes_;
    std::unique_ptr<NginxServer> nginx_;
};

int status_of(const std::string& url, const std::vector<std::string>& headers = {}) {
    return http_get(url, headers).status;
}

// Polls `url` until it answers `status` or `limit` passes; the time it took.
std::chrono::milliseconds until_status(const std::string& url, int status,
                                       std::chrono::milliseconds limit,
                                       const std::vector<std::string>& headers = {}) {
    auto start = std::chrono::steady_clock::now();
    while (status_of(url, headers) != status && std::chrono::steady_clock::now() - start < limit)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
}

TEST_F(Cluster, StateIsTheSameThroughEveryNode) {
    auto put = [&](int n, const std::string& path, const std::string& body) {
        return http_request("PUT", node(n).url(path), {kAdmin}, &body).status;
    };
    ASSERT_EQ(put(1, "/admin/roles/staff", ""), 204);
    ASSERT_EQ(put(1, "/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})"), 200);
    const std::string image = "/iiif/3/photo.jpg/full/120,/0/default.jpg";
    for (int n = 1; n <= 3; ++n)
        ASSERT_EQ(status_of(node(n).url(image)), 200) << "open on node " << n;

    // A policy set through node 3 is refused on every node within 2 s of the change.
    ASSERT_EQ(put(3, "/admin/assets/photo.jpg/policy", R"({"roles":["staff"]})"), 200);
    auto set_at = std::chrono::steady_clock::now();
    for (int n = 1; n <= 3; ++n) {
        until_status(node(n).url(image), 401, std::chrono::milliseconds(2500));
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - set_at);
        EXPECT_EQ(status_of(node(n).url(image)), 401) << "node " << n;
        EXPECT_LE(took.count(), 2000) << "node " << n;
    }
    EXPECT_EQ(status_of(nginx_->url(image)), 401);

    // A login through node 1, then the restricted image through node 2 and the balancer.
    std::string form = "username=alice&password=wonderland";
    auto login = http_request("POST", node(1).url("/auth/v2/access/active"), {}, &form);
    std::smatch m;
    std::string set_cookie = login.header("set-cookie");
    ASSERT_TRUE(std::regex_search(set_cookie, m, std::regex("pictor_session=([^;]+)")))
        << login.status << " " << login.body;
    std::string cookie = "Cookie: pictor_session=" + std::string(m[1]);
    EXPECT_EQ(status_of(node(2).url(image), {cookie}), 200);
    EXPECT_EQ(status_of(nginx_->url(image), {cookie}), 200);
    // Logged out through node 3: refused there at once, and on nodes 1 and 2 within
    // auth.session_cache_ms (1 s; node 2 has just looked the session up).
    http_get(node(3).url("/auth/v2/logout"), {cookie});
    auto logged_out = std::chrono::steady_clock::now();
    EXPECT_EQ(status_of(node(3).url(image), {cookie}), 401);
    for (int n : {1, 2}) {
        until_status(node(n).url(image), 401, std::chrono::milliseconds(2000), {cookie});
        EXPECT_EQ(status_of(node(n).url(image), {cookie}), 401) << "node " << n;
        EXPECT_LE(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - logged_out)
                      .count(),
                  1500)
            << "node " << n;
    }

    // A preview key uploaded on node 1 is served by nodes 2 and 3.
    std::string body = "--B42\r\nContent-Disposition: form-data; name=\"sourceImage\"; "
                       "filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
                       read_bytes(samples_dir() / "portrait.jpg") + "\r\n--B42--\r\n";
    auto uploaded =
        http_request("POST", node(1).url("/imageconverter/cacheAndGetImage/key-1/auto:100x100"),
                     {"Content-Type: multipart/form-data; boundary=B42"}, &body);
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
    for (int n : {2, 3}) {
        auto served = http_get(node(n).url("/imageconverter/getImage/key-1/auto:100x100"));
        ASSERT_EQ(served.status, 200) << "node " << n << ": " << served.body;
        EXPECT_EQ(decode(served.body).height, 100);
    }
}

TEST_F(Cluster, ARenderOnOneNodeIsServedFromTheSharedTierByAnother) {
    const std::string path = "/iiif/3/pyramid.tif/1024,1024,2048,2048/256,/0/default.png";
    auto first = http_get(node(1).url(path));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(metric(node(1), "pictor_renders_total"), 1);
    for (int i = 0; i < 100 && metric(node(1), "pictor_cache_shared_writes_total") < 1; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (int n : {2, 3}) {
        auto again = http_get(node(n).url(path));
        ASSERT_EQ(again.status, 200);
        EXPECT_EQ(again.body, first.body);
        EXPECT_EQ(metric(node(n), "pictor_renders_total"), 0) << "node " << n << " decoded";
        EXPECT_EQ(metric(node(n), "pictor_decoded_pixels_total"), 0);
        EXPECT_EQ(metric(node(n), "pictor_cache_shared_hits_total"), 1);
    }
}

TEST_F(Cluster, AKilledNodeFailsOverAndRejoinsAfterRestart) {
    // Bounded load through the balancer: 4 clients, 60 distinct URLs (spread over the nodes by
    // the hash) asked 3 times each; node 2 is killed once a third of them are done.
    std::vector<std::string> urls;
    for (int w = 40; w < 160; w += 2)
        urls.push_back("/iiif/3/portrait.jpg/full/" + std::to_string(w) + ",/0/default.jpg");
    const int total = static_cast<int>(urls.size()) * 3;
    std::atomic<int> next{0}, done{0}, failed{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    auto client = [&] {
        for (int i; (i = next++) < total;) {
            auto answer = http_get(nginx_->url(urls[i % urls.size()]));
            if (answer.status != 200) {
                ++failed;
                std::lock_guard lock(failures_mutex);
                failures.push_back(std::to_string(answer.status) + " " + urls[i % urls.size()]);
            }
            ++done;
        }
    };
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
        clients.emplace_back(client);
    while (done < total / 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    node(2).kill_hard();
    for (auto& t : clients)
        t.join();
    // Only requests in flight on node 2 when it died may fail (at most one per client); nginx
    // retries the rest on the next node.
    EXPECT_LE(failed.load(), 4) << ::testing::PrintToString(failures);
    std::string node2 = "127.0.0.1:" + std::to_string(node(2).port());
    for (const auto& u : urls)
        EXPECT_EQ(status_of(nginx_->url(u)), 200) << u;

    // Restarted on its port, node 2 gets its share of the URLs again once nginx's fail_timeout
    // has passed (2 s, counted by nginx in whole seconds: up to 3 s). Asked in rounds until
    // it answers some, for at most 8 s; every answer meanwhile is a 200.
    restart(2);
    std::size_t seen = nginx_->access_log().size();
    auto restarted = std::chrono::steady_clock::now();
    bool rejoined = false;
    while (!rejoined && std::chrono::steady_clock::now() - restarted < std::chrono::seconds(8)) {
        for (const auto& u : urls)
            EXPECT_EQ(status_of(nginx_->url(u)), 200) << u;
        rejoined = nginx_->access_log().find("200 " + node2 + " ", seen) != std::string::npos;
        if (!rejoined) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    EXPECT_TRUE(rejoined) << "node 2 did not rejoin:\n" << nginx_->access_log().substr(seen);
    EXPECT_GT(metric(node(2), "pictor_renders_total") +
                  metric(node(2), "pictor_cache_shared_hits_total"),
              0);
}

TEST_F(Cluster, ADatabaseRestartIs503ThenEveryNodeRecovers) {
    for (int n = 1; n <= 3; ++n)
        ASSERT_EQ(status_of(node(n).url("/admin/roles"), {kAdmin}), 200);
    PostgresServer::shared().stop();
    for (int n = 1; n <= 3; ++n) {
        EXPECT_EQ(status_of(node(n).url("/admin/roles"), {kAdmin}), 503) << "node " << n;
        EXPECT_EQ(status_of(node(n).url("/readyz")), 503) << "node " << n;
        // Open images keep being served meanwhile.
        EXPECT_EQ(status_of(node(n).url("/iiif/3/small.gif/full/max/0/default.png")), 200);
    }
    PostgresServer::shared().start();
    for (int n = 1; n <= 3; ++n) {
        until_status(node(n).url("/admin/roles"), 200, std::chrono::milliseconds(5000), {kAdmin});
        EXPECT_EQ(status_of(node(n).url("/admin/roles"), {kAdmin}), 200) << "node " << n;
        EXPECT_EQ(status_of(node(n).url("/readyz")), 200) << "node " << n;
    }
}

} // namespace
} // namespace pictor::test
