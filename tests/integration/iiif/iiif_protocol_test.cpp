// info.json of both versions, the base-URI redirect, CORS, HEAD, OPTIONS and 2.1 requests.
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

using nlohmann::json;

class IiifProtocol : public PictorTest {};

TEST_F(IiifProtocol, InfoJsonThreeZero) {
    auto r = get("/iiif/3/photo.jpg/info.json", {"Accept: application/json"});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.header("access-control-allow-origin"), "*");
    auto j = json::parse(r.body);
    EXPECT_EQ(j["id"], server_->url("/iiif/3/photo.jpg"));
    EXPECT_EQ(j["type"], "ImageService3");
    EXPECT_EQ(j["profile"], "level2");
    EXPECT_EQ(j["width"], 6000);
    EXPECT_EQ(j["height"], 4000);
    EXPECT_EQ(j["maxWidth"], 10000);
    EXPECT_EQ(j["tiles"][0]["width"], 512);
    EXPECT_EQ(j["tiles"][0]["scaleFactors"], json::array({1, 2, 4, 8, 16}));
    EXPECT_GE(j["sizes"].size(), 4u);
    EXPECT_EQ(j["extraQualities"], json::array({"color", "gray", "bitonal"}));
    for (auto f : {"webp", "tif", "gif"})
        EXPECT_NE(j["extraFormats"].dump().find(f), std::string::npos) << f;
    // Every listed size works as w,h on the full region.
    for (const auto& s : j["sizes"]) {
        auto img = get("/iiif/3/photo.jpg/full/" + std::to_string(s["width"].get<int>()) + "," +
                       std::to_string(s["height"].get<int>()) + "/0/default.jpg");
        EXPECT_EQ(img.status, 200);
        EXPECT_EQ(decode(img.body).width, s["width"].get<int>());
    }
}

TEST_F(IiifProtocol, InfoJsonMediaTypes) {
    auto none = http_request("GET", server_->url("/iiif/3/photo.jpg/info.json"), {"Accept:"});
    EXPECT_EQ(none.header("content-type"),
              "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
    auto ld = get("/iiif/2/photo.jpg/info.json", {"Accept: application/ld+json"});
    EXPECT_EQ(ld.header("content-type"), "application/ld+json");
    auto plain = get("/iiif/2/photo.jpg/info.json", {"Accept: */*"});
    EXPECT_EQ(plain.header("content-type"), "application/json");
    EXPECT_NE(plain.header("link").find("level2.json>;rel=\"profile\""), std::string::npos);
}

TEST_F(IiifProtocol, InfoJsonTwoOne) {
    auto r = get("/iiif/2/collection%2Fpage1.jpg/info.json");
    ASSERT_EQ(r.status, 200);
    auto j = json::parse(r.body);
    EXPECT_EQ(j["@context"], "http://iiif.io/api/image/2/context.json");
    EXPECT_EQ(j["@id"], server_->url("/iiif/2/collection%2Fpage1.jpg"));
    EXPECT_EQ(j["protocol"], "http://iiif.io/api/image");
    EXPECT_EQ(j["width"], 600);
    EXPECT_EQ(j["profile"][0], "http://iiif.io/api/image/2/level2.json");
    EXPECT_EQ(j["profile"][1]["maxWidth"], 10000);
    EXPECT_NE(j["profile"][1]["supports"].dump().find("sizeAboveFull"), std::string::npos);
}

TEST_F(IiifProtocol, IdFollowsTheHostTheClientUsedWhenItIsAllowed) {
    // The default answers the loopback names only (docs/tls.md): any other host is refused.
    EXPECT_EQ(get("/iiif/3/photo.jpg/info.json", {"Host: images.example.org"}).status, 400);
    auto local = get("/iiif/3/photo.jpg/info.json", {"Host: localhost:8182"});
    EXPECT_EQ(json::parse(local.body)["id"], "http://localhost:8182/iiif/3/photo.jpg");
    // Forwarded headers are ignored unless the proxy is trusted.
    auto f = get("/iiif/3/photo.jpg/info.json",
                 {"Host: localhost", "X-Forwarded-Proto: https", "X-Forwarded-Host: b.example"});
    EXPECT_EQ(json::parse(f.body)["id"], "http://localhost/iiif/3/photo.jpg");
}

TEST_F(IiifProtocol, TwoOneImageRequests) {
    struct Case {
        const char* size;
        int w, h;
    };
    for (Case c : {Case{"full", 600, 400}, Case{"max", 600, 400}, Case{"300,", 300, 200},
                   Case{",100", 150, 100}, Case{"pct:50", 300, 200}, Case{"!200,200", 200, 133},
                   Case{"100,100", 100, 100}, Case{"900,", 900, 600}}) {
        auto r =
            get(std::string("/iiif/2/collection%2Fpage1.jpg/full/") + c.size + "/0/default.jpg");
        ASSERT_EQ(r.status, 200) << c.size << ": " << r.body;
        EXPECT_EQ(decode(r.body).width, c.w) << c.size;
        EXPECT_EQ(decode(r.body).height, c.h) << c.size;
    }
    auto canon = get("/iiif/2/collection%2Fpage1.jpg/full/!300,300/0/default.jpg");
    EXPECT_NE(canon.header("link").find("/full/300,/0/default.jpg>;rel=\"canonical\""),
              std::string::npos);
    EXPECT_EQ(get("/iiif/2/collection%2Fpage1.jpg/full/^300,/0/default.jpg").status, 400);
}

TEST_F(IiifProtocol, BaseUriRedirects) {
    auto r = get("/iiif/3/photo.jpg");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), server_->url("/iiif/3/photo.jpg/info.json"));
    EXPECT_EQ(get("/iiif/2/collection%2Fpage1.jpg").status, 303);
    EXPECT_EQ(get("/iiif/3/unknown.jpg").status, 404);
}

TEST_F(IiifProtocol, CorsAndOptions) {
    auto img = get("/iiif/3/small.gif/full/max/0/default.png", {"Origin: https://viewer.example"});
    EXPECT_EQ(img.header("access-control-allow-origin"), "*");
    auto pre =
        http_request("OPTIONS", server_->url("/iiif/3/small.gif/info.json"),
                     {"Origin: https://viewer.example", "Access-Control-Request-Method: GET"});
    EXPECT_EQ(pre.status, 204);
    EXPECT_EQ(pre.header("access-control-allow-origin"), "*");
    EXPECT_NE(pre.header("access-control-allow-methods").find("GET"), std::string::npos);
}

TEST_F(IiifProtocol, HeadMatchesGetWithoutBody) {
    auto g = get("/iiif/3/small.gif/full/max/0/default.png");
    auto h = http_request("HEAD", server_->url("/iiif/3/small.gif/full/max/0/default.png"));
    EXPECT_EQ(h.status, 200);
    EXPECT_TRUE(h.body.empty());
    EXPECT_EQ(h.header("content-length"), std::to_string(g.body.size()));
    EXPECT_EQ(h.header("content-type"), "image/png");
}

TEST_F(IiifProtocol, ErrorsAreShortTextAndUncached) {
    auto bad = get("/iiif/3/photo.jpg/full/0,/0/default.jpg");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(bad.header("cache-control"), "no-store");
    EXPECT_NE(bad.body.find("invalid size"), std::string::npos);
    EXPECT_EQ(get("/iiif/3/nothing.jpg/full/max/0/default.jpg").status, 404);
    EXPECT_EQ(get("/iiif/3/nothing.jpg/info.json").status, 404);
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/max/0/default.pdf").status, 400);
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/max/0/default.bmp").status, 400);
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/max/0/fancy.jpg").status, 400);
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/max/400/default.jpg").status, 400);
    EXPECT_EQ(get("/iiif/3/photo.jpg/7000,0,10,10/max/0/default.jpg").status, 400);
    EXPECT_EQ(get("/iiif/3/photo.jpg/full/^20000,/0/default.jpg").status, 400);
    EXPECT_EQ(get("/nowhere").status, 404);
    EXPECT_EQ(http_request("POST", server_->url("/iiif/3/photo.jpg/info.json")).status, 405);
}

// The IIIF image validator's size_noup test, as it sends it to a 3.0 level 2 server: sizes
// above the image without `^` must fail. `iiif.clamp_confined_size` brings back the lenient
// `!w,h` for sites whose thumbnail clients ask it of small images.
TEST_F(IiifProtocol, SizesAboveTheImageNeedTheCaret) {
    for (const char* size : {"1500,1500", ",1500", "1500,", "pct:200", "!2000,3000"}) {
        auto r = get(std::string("/iiif/3/small.gif/full/") + size + "/0/default.png");
        EXPECT_EQ(r.status, 400) << size;
        EXPECT_EQ(r.header("cache-control"), "no-store") << size;
    }
    auto up = get("/iiif/3/small.gif/full/^!2000,3000/0/default.png");
    ASSERT_EQ(up.status, 200);
    EXPECT_EQ(decode(up.body).width, 2000); // 64x48 fitted into 2000x3000
    auto fits = get("/iiif/3/small.gif/full/!64,1000/0/default.png");
    ASSERT_EQ(fits.status, 200);
    EXPECT_EQ(decode(fits.body).height, 48);
    // 2.1 upscales whenever the server allows it.
    EXPECT_EQ(decode(get("/iiif/2/small.gif/full/!128,1000/0/default.png").body).width, 128);

    ServerProcess lenient(root_->path(), {"iiif.clamp_confined_size=true"});
    auto clamped = http_get(lenient.url("/iiif/3/small.gif/full/!2000,3000/0/default.png"));
    ASSERT_EQ(clamped.status, 200);
    auto d = decode(clamped.body);
    EXPECT_EQ(d.width, 64);
    EXPECT_EQ(d.height, 48);
    EXPECT_EQ(http_get(lenient.url("/iiif/3/small.gif/full/1500,/0/default.png")).status, 400);
}

TEST_F(IiifProtocol, HealthAndMetrics) {
    auto h = get("/healthz");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(json::parse(h.body)["status"], "ok");
    auto ready = get("/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(json::parse(ready.body)["sources"][0]["source"], "local");
    EXPECT_TRUE(json::parse(ready.body)["ready"]);
    get("/iiif/3/small.gif/info.json");
    // A request is counted once its answer is written, which may be just after the client
    // has read it.
    auto m = get("/metrics");
    for (int i = 0; i < 40 && m.body.find("route=\"iiif3\"") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        m = get("/metrics");
    }
    EXPECT_EQ(m.status, 200);
    EXPECT_NE(
        m.body.find("pictor_http_requests_total{dialect=\"iiif\",route=\"iiif3\",status=\"200\"}"),
        std::string::npos);
    EXPECT_NE(m.body.find("pictor_http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(m.body.find("pictor_queue_length"), std::string::npos);
}

TEST_F(IiifProtocol, AccessLogHasOneLinePerRequest) {
    get("/iiif/3/small.gif/info.json?marker=access-log-check");
    // The line is written once the answer is, which may be just after the client read it.
    auto log = server_->log();
    for (int i = 0; i < 40 && log.find("access-log-check") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        log = server_->log();
    }
    auto pos = log.find("access-log-check");
    ASSERT_NE(pos, std::string::npos);
    auto line_start = log.rfind('\n', pos) + 1;
    auto line = json::parse(log.substr(line_start, log.find('\n', pos) - line_start));
    EXPECT_EQ(line["status"], 200);
    EXPECT_EQ(line["method"], "GET");
    EXPECT_EQ(line["route"], "iiif3");
}

// iiif.listed_sizes_only: a level 0 service of the listed sizes, for a finite set of derivatives.
TEST(IiifListedSizesOnly, OnlyTheWholeImageAtAListedSize) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"iiif.listed_sizes_only=true"});
    for (const char* version : {"3", "2"}) {
        std::string base = server.url(std::string("/iiif/") + version + "/photo.jpg");
        auto info = json::parse(http_get(base + "/info.json").body);
        EXPECT_FALSE(info.contains("tiles")) << info.dump();
        EXPECT_NE(info["profile"].dump().find("level0"), std::string::npos);
        ASSERT_EQ(info["sizes"].size(), 4u);
        for (const auto& s : info["sizes"]) {
            std::string size = std::to_string(s["width"].get<int>()) + "," +
                               std::to_string(s["height"].get<int>());
            auto r = http_get(base + "/full/" + size + "/0/default.jpg");
            ASSERT_EQ(r.status, 200) << size;
            EXPECT_EQ(decode(r.body).width, s["width"].get<int>());
        }
        auto largest = http_get(base + "/full/max/0/default.jpg");
        ASSERT_EQ(largest.status, 200);
        EXPECT_EQ(decode(largest.body).width, 1024);
        for (const char* refused :
             {"/0,0,512,512/512,/0/default.jpg", "/full/500,/0/default.jpg",
              "/full/1024,683/90/default.jpg", "/full/1024,683/!0/default.jpg",
              "/square/200,200/0/default.jpg"})
            EXPECT_EQ(http_get(base + refused).status, 400) << version << refused;
    }
}

} // namespace
} // namespace pictor::test
