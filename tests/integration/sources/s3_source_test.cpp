// S3-compatible object storage as a source: s3rver (npm) on loopback holds the samples in a
// bucket; pictor reads them with SigV4-signed requests, path-style and virtual-hosted, and
// every dialect serves them as it serves local files.
#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/s3_server.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> s3_settings(const S3Server& s3, const std::string& access_key,
                                     bool path_style) {
    std::string port = s3.endpoint().substr(s3.endpoint().rfind(':') + 1);
    return {"remote.sources=s3/=s3://pictor/masters/",
            "remote.allowed_networks=127.0.0.1/32",
            "remote.resolve=pictor.s3.test:" + port + ":127.0.0.1 s3.test:" + port + ":127.0.0.1",
            std::string("s3.path_style=") + (path_style ? "true" : "false"),
            "s3.endpoint=" + (path_style ? s3.endpoint() : "http://s3.test:" + port),
            "s3.access_key=" + access_key,
            std::string("s3.secret_key=") + S3Server::kSecretKey};
}

class S3Source : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s3_ = std::make_unique<S3Server>(std::vector<std::string>{"pictor"});
        for (const char* f : {"photo.jpg", "alpha.png", "portrait.jpg", "small.gif", "pyramid.tif"})
            ASSERT_EQ(
                s3_->put("pictor", std::string("masters/") + f, read_bytes(samples_dir() / f)), 200)
                << f;
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(root_->path(),
                                                  s3_settings(*s3_, S3Server::kAccessKey, true));
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
        s3_.reset();
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }

    static inline std::unique_ptr<S3Server> s3_;
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(S3Source, EveryDialectServesObjectsFromTheBucket) {
    auto info = get("/iiif/3/s3%2Fphoto.jpg/info.json");
    ASSERT_EQ(info.status, 200) << info.body << server_->log();
    EXPECT_EQ(json::parse(info.body)["width"], 6000);
    auto tile = get("/iiif/3/s3%2Fpyramid.tif/0,0,1024,1024/512,/0/default.jpg");
    ASSERT_EQ(tile.status, 200) << tile.body;
    auto local = get("/iiif/3/pyramid.tif/0,0,1024,1024/512,/0/default.jpg");
    EXPECT_LE(hamming(dhash(tile.body), dhash(local.body)), 2);
    auto display = get("/api/display/s3%2Fportrait.jpg?hsize=100");
    ASSERT_EQ(display.status, 200);
    EXPECT_EQ(decode(display.body).width, 100);
    auto thumbs = json::parse(get("/v1/file/s3%2Falpha.png/thumbnails").body);
    auto thumb = http_get(thumbs["thumbnails"][1]["url"].get<std::string>());
    ASSERT_EQ(thumb.status, 200);
    EXPECT_EQ(decode(thumb.body).width, 40);
    // The original's bytes come through unchanged.
    EXPECT_EQ(get("/api/display/s3%2Fsmall.gif").body, read_bytes(samples_dir() / "small.gif"));
    EXPECT_NE(s3_->log().find("masters/photo.jpg 200"), std::string::npos) << s3_->log();
}

TEST_F(S3Source, APyramidInTheBucketIsReadByRangesNotDownloaded) {
    // pyramid.tif (22 MB) is above remote.ranged_min_bytes' default of 16 MiB.
    auto tile = get("/iiif/3/s3%2Fpyramid.tif/2048,2048,512,512/512,/0/default.jpg");
    ASSERT_EQ(tile.status, 200) << tile.body << server_->log();
    EXPECT_EQ(tile.body, get("/iiif/3/pyramid.tif/2048,2048,512,512/512,/0/default.jpg").body);
    // s3rver's request log: "…/masters/pyramid.tif 206 6ms 64kb" per GET.
    const std::regex line("masters/pyramid\\.tif (\\d{3}) \\d+ms ([0-9.]+)(b|kb|mb|gb)");
    std::string log = s3_->log();
    double fetched = 0;
    int ranged = 0;
    for (std::sregex_iterator m(log.begin(), log.end(), line), end; m != end; ++m) {
        double size = std::stod((*m)[2]);
        std::string unit = (*m)[3];
        size *= unit == "kb" ? 1024 : unit == "mb" ? 1 << 20 : unit == "gb" ? 1 << 30 : 1;
        if ((*m)[1] == "206")
            ++ranged;
        else
            EXPECT_LT(size, 1024) << "a whole-object GET: " << m->str(); // the upload's 200
        fetched += size;
    }
    EXPECT_GE(ranged, 2) << log;
    EXPECT_LT(fetched, static_cast<double>(fs::file_size(samples_dir() / "pyramid.tif")) / 20)
        << log;
}

TEST_F(S3Source, MissingObjectsAndBadSignaturesAre404) {
    EXPECT_EQ(get("/iiif/3/s3%2Fnothing.jpg/info.json").status, 404);
    // Unknown credentials: S3 answers 403, which pictor does not tell apart from a missing
    // object. (s3rver checks the access key of a SigV4 request, not its signature.)
    ServerProcess wrong(root_->path(), s3_settings(*s3_, "NOT-A-KEY", true));
    auto r = http_get(wrong.url("/iiif/3/s3%2Fphoto.jpg/info.json"));
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_NE(s3_->log().find("403"), std::string::npos);
}

TEST_F(S3Source, VirtualHostedAddressing) {
    ServerProcess vhost(root_->path(), s3_settings(*s3_, S3Server::kAccessKey, false));
    auto r = http_get(vhost.url("/iiif/3/s3%2Fsmall.gif/full/max/0/default.png"));
    ASSERT_EQ(r.status, 200) << r.body << vhost.log();
    EXPECT_EQ(decode(r.body).width, 64);
}

} // namespace
} // namespace pictor::test
