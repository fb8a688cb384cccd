// Exposure settings (expose.*), as an operator switches off what an installation does not use:
// every route of a dialect switched off is 404 and absent from the landing page and the OpenAPI
// document, while every other dialect still answers; and the packaged configuration's choices
// (converter writes need credentials, /metrics only on ops.listen).
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "integration/converter/converter_fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

struct Dialect {
    std::string key;                // expose.KEY
    std::vector<std::string> paths; // answered (not 404) when on
    std::string landing;            // what the landing page shows of it
    std::string openapi;            // one of its OpenAPI paths
};

const std::vector<Dialect>& dialects() {
    static const std::vector<Dialect> table = {
        {"iiif",
         {"/iiif/3/photo.jpg/info.json", "/iiif/2/photo.jpg/info.json",
          "/iiif/3/photo.jpg/full/40,/0/default.jpg", "/iiif/presentation/3/photo.jpg/manifest",
          "/auth/v2/probe/photo.jpg", "/auth/v1/token?messageId=1&origin=http://a.example"},
         "/iiif/3/{identifier}/info.json",
         "/iiif/3/{identifier}/info.json"},
        {"dlcs",
         {"/iiif-img/7/3/photo.jpg/info.json", "/thumbs/7/3/photo.jpg/info.json"},
         "/iiif-img/{customer}",
         "/iiif-img/{customer}/{space}/{image}/info.json"},
        {"display", {"/api/display/photo.jpg?size=30"}, "/api/display/", "/api/display/{id}"},
        {"files",
         {"/v1/file/photo.jpg/thumbnails", "/thumb/photo.jpg/120px-photo.jpg",
          "/original/small.gif"},
         "/v1/file/",
         "/v1/file/{id}/thumbnails"},
        {"converter",
         {"/imageconverter/getKeyCount"},
         "/imageconverter/",
         "/imageconverter/getImage/{imageKey}/{requestFormat}"},
        {"imaging",
         {"/app/api/json/imaging/web/photo.jpg", "/app/api/json/catalog/imaging"},
         "/app/api/json/imaging/",
         "/app/api/json/imaging/{action}/{id}"},
        {"viewer", {"/viewer/photo.jpg", "/ui/viewer.js"}, "/viewer/{identifier}", "/viewer"},
    };
    return table;
}

class Exposure : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        ui_ = make_temp_dir("exposure-ui");
        std::ofstream(ui_ / "viewer.html") << "<title>{{ID}}</title>";
        std::ofstream(ui_ / "admin.html") << "<title>console</title>";
        std::ofstream(ui_ / "viewer.js") << "console.log('viewer');";
        std::ofstream(ui_ / "actions.json")
            << R"({"actions": {"web": {"description": "400 px", "commands": "w_400,c_resize"}}})";
    }
    static void TearDownTestSuite() {
        root_.reset();
        fs::remove_all(ui_);
    }
    static std::vector<std::string> settings(std::vector<std::string> more) {
        std::vector<std::string> s = {"ui.dir=" + ui_.string(),
                                      "imaging.actions=" + (ui_ / "actions.json").string(),
                                      "dlcs.spaces=7/3="};
        s.insert(s.end(), more.begin(), more.end());
        return s;
    }
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline fs::path ui_;
};

// The table over every route: each dialect off in turn, every dialect checked each time.
TEST_F(Exposure, ADialectSwitchedOffIsGoneEverywhere) {
    for (const auto& off : dialects()) {
        SCOPED_TRACE("expose." + off.key + "=false");
        ServerProcess server(root_->path(), settings({"expose." + off.key + "=false"}));
        std::string landing = http_get(server.url("/")).body;
        auto doc = nlohmann::json::parse(http_get(server.url("/openapi.json")).body);
        for (const auto& d : dialects()) {
            bool on = d.key != off.key;
            for (const auto& path : d.paths) {
                auto r = http_get(server.url(path));
                if (on)
                    EXPECT_NE(r.status, 404) << path << ": " << r.body.substr(0, 200);
                else
                    EXPECT_EQ(r.status, 404) << path;
            }
            EXPECT_EQ(landing.find(d.landing) != std::string::npos, on) << d.landing;
            EXPECT_EQ(doc["paths"].contains(d.openapi), on) << d.openapi;
        }
        EXPECT_TRUE(doc["paths"].contains("/healthz"));
        EXPECT_TRUE(doc["paths"].contains("/openapi.json"));
    }
}

// The packaged configuration (/etc/pictor/pictor.toml), started as installed but on free ports
// and temporary folders: anonymous preview uploads are 401, /metrics and the converter's status
// are only on ops.listen and not advertised on the main port.
TEST_F(Exposure, PackagedConfigurationIsClosedByDefault) {
    auto data = make_temp_dir("packaged");
    int ops_port = free_loopback_port();
    ServerProcess server(
        root_->path(),
        {"--config=" +
             (fs::path(PICTOR_DOCS_DIR).parent_path() / "packaging" / "pictor.toml").string(),
         "store.images=" + root_->path().string(), "store.data=" + data.string(),
         "ops.listen=127.0.0.1:" + std::to_string(ops_port)});
    std::string body = multipart({{"sourceImage", read_bytes(root_->path() / "small.gif")}});
    auto upload =
        http_request("POST", server.url("/imageconverter/cacheImage/k1"),
                     {"Content-Type: multipart/form-data; boundary=TestBoundary42"}, &body);
    EXPECT_EQ(upload.status, 401) << upload.body;
    EXPECT_EQ(http_get(server.url("/imageconverter/getKeys")).status, 401);
    EXPECT_EQ(http_get(server.url("/metrics")).status, 404);
    EXPECT_EQ(http_get(server.url("/imageconverter/status")).status, 404);
    auto doc = nlohmann::json::parse(http_get(server.url("/openapi.json")).body);
    EXPECT_FALSE(doc["paths"].contains("/metrics"));
    EXPECT_FALSE(doc["paths"].contains("/imageconverter/status"));
    EXPECT_EQ(http_get(server.url("/")).body.find("/metrics"), std::string::npos);
    auto metrics = http_get("http://127.0.0.1:" + std::to_string(ops_port) + "/metrics");
    EXPECT_EQ(metrics.status, 200);
    // The stripped originals are the packaged default too.
    auto original = http_get(server.url("/original/portrait.jpg"));
    ASSERT_EQ(original.status, 200);
    EXPECT_NE(original.header("etag").find("-stripped"), std::string::npos);
    fs::remove_all(data);
}

} // namespace
} // namespace pictor::test
