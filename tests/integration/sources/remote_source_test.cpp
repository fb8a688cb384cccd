// Remote sources: images under `web/` come from a loopback HTTP origin that misbehaves on
// demand (support/test_origin.h). Every dialect serves them as local files; the origin's
// failures map to clean 4xx/5xx answers; the SSRF guard refuses every internal address pictor
// was not told it may reach, whatever the notation, hostname or redirect, and the canaries
// listening there see no connection at all.
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/test_origin.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class RemoteSource : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        origin_dir_ = make_temp_dir("origin");
        for (const char* f : {"photo.jpg", "alpha.png", "portrait.jpg", "small.gif"})
            fs::copy_file(samples_dir() / f, origin_dir_ / f);
        fs::copy_file(samples_dir() / "alpha.png", origin_dir_ / "changing.png");
        origin_ = std::make_unique<TestOrigin>(origin_dir_);
        origin_->slow_ms = 3000;
        canary_ = std::make_unique<Canary>("127.0.0.2");
        canary6_ = std::make_unique<Canary>("::1");
        std::string o = "http://127.0.0.1:" + std::to_string(origin_->port());
        std::string evil_port = std::to_string(canary_->port());
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{
                "remote.sources=web/=" + o + "/files/ slow/=" + o + "/slow/ lying/=" + o +
                    "/lying/ raw/=" + o + "/ evil/=http://evil.test:" + evil_port + "/",
                "remote.allowed_networks=127.0.0.1/32",
                "remote.resolve=evil.test:" + evil_port + ":127.0.0.2", "remote.timeout_ms=1500",
                "remote.max_bytes=20000000", "remote.revalidate_s=1", "remote.negative_ttl_s=1",
                "admin.user=admin", "admin.password=secret-pw", "auth.kdf_cost=10"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        origin_.reset();
        canary_.reset();
        canary6_.reset();
        root_.reset();
        fs::remove_all(origin_dir_);
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }
    static HttpResponse admin_put(const std::string& path, const std::string& body) {
        return http_request("PUT", server_->url(path),
                            {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"},
                            &body); // admin:secret-pw
    }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline fs::path origin_dir_;
    static inline std::unique_ptr<TestOrigin> origin_;
    static inline std::unique_ptr<Canary> canary_, canary6_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(RemoteSource, EveryDialectServesTheRemoteOriginal) {
    auto info = get("/iiif/3/web%2Fphoto.jpg/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(json::parse(info.body)["width"], 6000);
    auto tile = get("/iiif/3/web%2Fphoto.jpg/0,0,1024,1024/512,/0/default.jpg");
    ASSERT_EQ(tile.status, 200);
    EXPECT_EQ(decode(tile.body).width, 512);
    // The same pixels as the local copy of the file.
    auto local = get("/iiif/3/photo.jpg/0,0,1024,1024/512,/0/default.jpg");
    EXPECT_LE(hamming(dhash(tile.body), dhash(local.body)), 2);
    auto display = get("/api/display/web%2Fportrait.jpg?hsize=100");
    ASSERT_EQ(display.status, 200) << display.body;
    EXPECT_EQ(decode(display.body).width, 100);
    auto thumbs = get("/v1/file/web%2Falpha.png/thumbnails");
    ASSERT_EQ(thumbs.status, 200) << thumbs.body;
    std::string url = json::parse(thumbs.body)["thumbnails"][0]["url"];
    auto thumb = http_get(url);
    ASSERT_EQ(thumb.status, 200) << url;
    EXPECT_EQ(decode(thumb.body).width, 20);
    auto original = get("/api/display/web%2Fsmall.gif");
    EXPECT_EQ(original.body.size(), fs::file_size(origin_dir_ / "small.gif"));
    // Fetched once, whatever was asked of it (within remote.revalidate_s).
    EXPECT_EQ(origin_->requests("/files/photo.jpg"), 1);
}

TEST_F(RemoteSource, ConcurrentColdRequestsFetchOnce) {
    fs::copy_file(samples_dir() / "photo.jpg", origin_dir_ / "cold.jpg");
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i)
        clients.emplace_back([&] {
            if (get("/iiif/3/web%2Fcold.jpg/full/100,/0/default.jpg").status == 200) ++ok;
        });
    for (auto& c : clients)
        c.join();
    EXPECT_EQ(ok, 8);
    EXPECT_EQ(origin_->requests("/files/cold.jpg"), 1);
}

TEST_F(RemoteSource, AChangedOriginNeverServesStalePixels) {
    auto before = get("/iiif/3/web%2Fchanging.png/info.json");
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(json::parse(before.body)["width"], 800);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    // Unchanged: revalidated with the ETag (304), still served.
    EXPECT_EQ(json::parse(get("/iiif/3/web%2Fchanging.png/info.json").body)["width"], 800);
    EXPECT_EQ(origin_->requests("/files/changing.png"), 2);
    fs::remove(origin_dir_ / "changing.png");
    fs::copy_file(samples_dir() / "small.gif", origin_dir_ / "changing.png");
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    auto after = get("/iiif/3/web%2Fchanging.png/info.json");
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(json::parse(after.body)["width"], 64);
    auto image = get("/iiif/3/web%2Fchanging.png/full/max/0/default.png");
    EXPECT_EQ(decode(image.body).width, 64);
}

TEST_F(RemoteSource, OriginFailuresMapToCleanAnswers) {
    struct Case {
        const char* identifier;
        int status;
    };
    for (auto c :
         {Case{"raw%2Fstatus%2F404", 404}, Case{"raw%2Fstatus%2F403", 404},
          Case{"raw%2Fstatus%2F401", 404}, Case{"raw%2Fstatus%2F500", 502},
          Case{"raw%2Fstatus%2F503", 502}, Case{"raw%2Fstatus%2F418", 502},
          Case{"web%2Fnothing.jpg", 404}, Case{"raw%2Fhtml", 422}, Case{"slow%2Fphoto.jpg", 504},
          Case{"lying%2Fphoto.jpg", 502}, Case{"raw%2Fendless", 422}, Case{"raw%2Fgzipbomb", 422},
          Case{"raw%2Floop", 502}, Case{"raw%2Fredirect%2F6%2Fphoto.jpg", 502}}) {
        auto r = get(std::string("/iiif/3/") + c.identifier + "/info.json");
        EXPECT_EQ(r.status, c.status) << c.identifier << " " << r.body;
        EXPECT_EQ(r.header("cache-control"), "no-store") << c.identifier;
        EXPECT_EQ(r.body.find("from the origin"), std::string::npos) << "upstream body leaked";
        EXPECT_EQ(r.body.find("127.0.0.1"), std::string::npos) << "origin address leaked";
    }
    // Five redirects are followed, a sixth is not.
    auto five = get("/iiif/3/raw%2Fredirect%2F5%2Fphoto.jpg/info.json");
    EXPECT_EQ(five.status, 200) << five.body;
    // The display and file dialects say the same in their own shapes.
    auto display = get("/api/display/raw%2Fstatus%2F500?hsize=10");
    EXPECT_EQ(display.status, 502);
    EXPECT_EQ(json::parse(display.body)["title"], "Bad gateway");
    EXPECT_EQ(get("/v1/file/slow%2Fportrait.jpg/thumbnails").status, 504);
    // Counted per source.
    auto metrics = get("/metrics").body;
    EXPECT_NE(metrics.find("pictor_source_requests_total{source=\"raw/\"}"), std::string::npos);
    EXPECT_EQ(metrics.find("pictor_source_errors_total{source=\"raw/\"} 0\n"), std::string::npos);
    EXPECT_NE(metrics.find("# TYPE pictor_source_cache_bytes gauge"), std::string::npos);
}

TEST_F(RemoteSource, ReadinessAsksEveryOriginThroughTheGuard) {
    auto r = get("/readyz");
    // evil/ resolves to an internal address: that source is down, the node only degraded.
    EXPECT_EQ(r.status, 200);
    auto j = json::parse(r.body);
    EXPECT_TRUE(j["ready"]);
    EXPECT_EQ(j["degraded"], json::array({"source:evil/ (http)"}));
    std::map<std::string, bool> reachable;
    for (const auto& s : j["sources"])
        reachable[s["source"]] = s["reachable"];
    EXPECT_TRUE(reachable["local"]);
    EXPECT_TRUE(reachable["web/ (http)"]);
    EXPECT_FALSE(reachable["evil/ (http)"]);
    EXPECT_EQ(r.body.find("127.0.0"), std::string::npos); // no addresses in a public answer
    EXPECT_EQ(canary_->connections(), 0);
}

// DLCS registers each asset with its origin: the admin API does the same, checks the origin
// answers with an image, and every dialect and the policy then work on the identifier.
TEST_F(RemoteSource, AssetsRegisteredWithAnExplicitOrigin) {
    auto r = admin_put("/admin/assets/dlcs%2F7%2Fone/origin",
                       json{{"origin", origin_->url("/files/portrait.jpg")}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    auto asset = json::parse(r.body);
    EXPECT_EQ(asset["width"], 400);
    EXPECT_EQ(asset["origin"], origin_->url("/files/portrait.jpg"));
    auto info = get("/iiif/3/dlcs%2F7%2Fone/info.json");
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(json::parse(info.body)["height"], 600);
    EXPECT_EQ(decode(get("/api/display/dlcs%2F7%2Fone?hsize=50").body).width, 50);
    // The policy applies as on any asset.
    ASSERT_EQ(admin_put("/admin/roles/staff", "").status, 204);
    ASSERT_EQ(admin_put("/admin/assets/dlcs%2F7%2Fone/policy", R"({"roles":["staff"]})").status,
              200);
    EXPECT_EQ(get("/iiif/3/dlcs%2F7%2Fone/full/100,/0/default.jpg").status, 401);
    // Origins pictor does not fetch, or that do not answer with an image, register nothing.
    std::string canary = "http://127.0.0.2:" + std::to_string(canary_->port()) + "/x.jpg";
    struct Case {
        std::string origin;
        int status;
    };
    for (const auto& c :
         {Case{"file:///etc/passwd", 400}, Case{"s3://", 400}, Case{"s3://bucket", 400},
          Case{"http://user@127.0.0.1/x", 400}, Case{"gopher://127.0.0.1/", 400}, Case{canary, 502},
          Case{origin_->url("/files/nothing.jpg"), 404}, Case{origin_->url("/html"), 422}}) {
        auto refused =
            admin_put("/admin/assets/dlcs%2F7%2Ftwo/origin", json{{"origin", c.origin}}.dump());
        EXPECT_EQ(refused.status, c.status) << c.origin << " " << refused.body;
        EXPECT_EQ(get("/iiif/3/dlcs%2F7%2Ftwo/info.json").status, 404) << c.origin;
    }
    EXPECT_EQ(admin_put("/admin/assets/dlcs%2F7%2Ftwo/origin", R"({"origin": 5})").status, 400);
    EXPECT_EQ(canary_->connections(), 0);
}

TEST_F(RemoteSource, RegisteredOriginsSurviveARestart) {
    auto data = make_temp_dir("origin-data");
    std::vector<std::string> settings{"store.data=" + data.string(),
                                      "remote.allowed_networks=127.0.0.1/32", "admin.user=admin",
                                      "admin.password=secret-pw"};
    std::string body = json{{"origin", origin_->url("/files/small.gif")}}.dump();
    {
        ServerProcess first(root_->path(), settings);
        auto r = http_request("PUT", first.url("/admin/assets/kept/origin"),
                              {"Authorization: Basic YWRtaW46c2VjcmV0LXB3"}, &body);
        ASSERT_EQ(r.status, 200) << r.body;
    }
    ServerProcess second(root_->path(), settings);
    auto info = http_get(second.url("/iiif/3/kept/info.json"));
    EXPECT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(json::parse(info.body)["width"], 64);
    fs::remove_all(data);
}

TEST_F(RemoteSource, InternalAddressesAreNeverConnected) {
    ASSERT_TRUE(canary_->listening());
    std::string p = std::to_string(canary_->port());
    std::vector<std::string> targets = {"http://127.0.0.2:" + p + "/x.jpg",
                                        "http://2130706434:" + p + "/x.jpg",
                                        "http://0x7f000002:" + p + "/x.jpg",
                                        "http://0177.0.0.2:" + p + "/x.jpg",
                                        "http://127.0.2:" + p + "/x.jpg",
                                        "http://[::ffff:127.0.0.2]:" + p + "/x.jpg",
                                        "http://[::ffff:7f00:2]:" + p + "/x.jpg",
                                        "http://127.0.0.2.:" + p + "/x.jpg",
                                        "http://user@127.0.0.2:" + p + "/x.jpg",
                                        "http://evil.test:" + p + "/x.jpg",
                                        "HTTP://127.0.0.2:" + p + "/x.jpg",
                                        "http://169.254.169.254/latest/meta-data/",
                                        "file:///etc/passwd",
                                        "gopher://127.0.0.2:" + p + "/",
                                        "http:\\\\127.0.0.2:" + p + "/x.jpg"};
    if (canary6_->listening())
        targets.push_back("http://[::1]:" + std::to_string(canary6_->port()) + "/x.jpg");
    for (std::size_t i = 0; i < targets.size(); ++i) {
        origin_->redirect_to(std::to_string(i), targets[i]);
        auto r = get("/iiif/3/raw%2Fto%2F" + std::to_string(i) + "/info.json");
        EXPECT_EQ(r.status, 502) << targets[i] << " " << r.body;
    }
    // A mount whose host name resolves to an internal address.
    EXPECT_EQ(get("/iiif/3/evil%2Fx.jpg/info.json").status, 502);
    EXPECT_EQ(canary_->connections(), 0);
    if (canary6_->listening()) {
        EXPECT_EQ(canary6_->connections(), 0);
    }
    EXPECT_NE(server_->log().find("internal address"), std::string::npos);
}

} // namespace
} // namespace pictor::test
