// Generated hostile sources of every format (support/hostile_files.h) through every image
// dialect and both upload paths: always a clean 4xx in the dialect's form, never a 5xx, never
// cached, and the server stays up.
#include <fstream>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/hostile_files.h"

namespace pictor::test {
namespace {

const char* kAdmin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw

class HostileSources : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = make_temp_dir("hostile");
        files_ = hostile_files();
        for (const auto& f : files_) {
            std::ofstream out(dir_ / f.name, std::ios::binary);
            out << f.bytes;
        }
        server_ = std::make_unique<ServerProcess>(
            dir_, std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw",
                                           "converter.user=ox", "converter.password=secret-pw"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        std::filesystem::remove_all(dir_);
    }
    static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }

    static inline std::filesystem::path dir_;
    static inline std::vector<HostileFile> files_;
    static inline std::unique_ptr<ServerProcess> server_;
};

::testing::AssertionResult clean_refusal(const HttpResponse& r, const std::set<int>& allowed) {
    if (!allowed.count(r.status))
        return ::testing::AssertionFailure() << "status " << r.status << ": " << r.body;
    if (r.status != 200 && r.header("cache-control") != "no-store")
        return ::testing::AssertionFailure() << "cacheable refusal: " << r.header("cache-control");
    return ::testing::AssertionSuccess();
}

TEST_F(HostileSources, CoverEveryFormatPictorReads) {
    std::set<std::string> extensions;
    for (const auto& f : files_)
        extensions.insert(f.name.substr(f.name.rfind('.') + 1));
    for (const char* ext : {"jpg", "png", "webp", "tif", "gif", "jp2", "avif", "heic"})
        EXPECT_TRUE(extensions.count(ext)) << ext;
    EXPECT_GE(files_.size(), 40u);
}

TEST_F(HostileSources, IiifAnswersACleanRefusalAndNeverCachesIt) {
    for (const auto& f : files_) {
        SCOPED_TRACE(f.name);
        std::set<int> info_ok = f.image_statuses;
        info_ok.insert(200);
        auto info = get("/iiif/3/" + f.name + "/info.json");
        EXPECT_TRUE(clean_refusal(info, f.header_sound ? std::set<int>{200} : info_ok));
        for (const char* request : {"/full/120,/0/default.jpg", "/full/max/0/default.png",
                                    "/0,0,64,64/64,/0/default.webp"}) {
            auto first = get("/iiif/3/" + f.name + request);
            EXPECT_TRUE(clean_refusal(first, f.image_statuses)) << request;
            if (first.status == 200) {
                EXPECT_TRUE(decode(first.body).ok) << request;
                continue;
            }
            EXPECT_EQ(first.header("content-type"), "text/plain; charset=utf-8");
            auto again = get("/iiif/3/" + f.name + request);
            EXPECT_EQ(again.status, first.status) << request;
            EXPECT_EQ(again.header("x-pictor-cache"), "") << request;
        }
        EXPECT_TRUE(
            clean_refusal(get("/iiif/2/" + f.name + "/full/90,/0/default.jpg"), f.image_statuses));
    }
    EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(HostileSources, DisplayAndFileDialectsRefuseInTheirOwnForm) {
    for (const auto& f : files_) {
        SCOPED_TRACE(f.name);
        EXPECT_TRUE(clean_refusal(get("/api/display/" + f.name + "?hsize=100"), f.image_statuses));
        // MediaWiki reports every unusable file as rest-file-not-thumbnailable (400).
        // Thumbnails of formats browsers do not show are JPEGs named "<name>.jpg".
        std::string ext = f.name.substr(f.name.rfind('.') + 1);
        bool web = ext == "jpg" || ext == "png" || ext == "gif" || ext == "webp";
        auto thumb = get("/thumb/" + f.name + "/120px-" + f.name + (web ? "" : ".jpg"));
        std::set<int> file_ok = {200, 400, 413};
        EXPECT_TRUE(clean_refusal(thumb, file_ok));
        if (thumb.status == 400) {
            EXPECT_NE(thumb.body.find("rest-"), std::string::npos) << thumb.body;
        }
    }
    EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(HostileSources, UploadsOfDamagedImagesAreRefusedAndReplaceNothing) {
    for (const auto& f : files_) {
        if (f.image_statuses.count(200)) continue; // byte flips may still decode
        SCOPED_TRACE(f.name);
        std::string body = f.bytes;
        auto r = http_request("PUT", server_->url("/admin/assets/up/" + f.name + "/source"),
                              {kAdmin}, &body);
        EXPECT_TRUE(r.status == 415 || r.status == 422 || r.status == 413 || r.status == 400)
            << r.status << " " << r.body;
        EXPECT_NE(r.status, 200);
        EXPECT_EQ(get("/iiif/3/up%2F" + f.name + "/info.json").status, 404);
    }
}

TEST_F(HostileSources, PreviewUploadsOfDamagedImagesAreRefused) {
    for (const auto& f : files_) {
        if (f.image_statuses.count(200)) continue;
        SCOPED_TRACE(f.name);
        std::string body = "--B\r\nContent-Disposition: form-data; name=\"sourceImage\"; "
                           "filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
                           f.bytes + "\r\n--B--\r\n";
        auto r = http_request("POST", server_->url("/imageconverter/cacheImage/k?context=h"),
                              {"Content-Type: multipart/form-data; boundary=B",
                               "Authorization: Basic b3g6c2VjcmV0LXB3"},
                              &body); // ox:secret-pw
        std::set<int> refused = {415, 422, 413};
        if (f.bytes.empty()) refused.insert(400); // "the sourceImage part is empty"
        EXPECT_TRUE(refused.count(r.status)) << r.status << r.body;
    }
    auto keys = http_request("GET", server_->url("/imageconverter/getKeys?context=h"),
                             {"Authorization: Basic b3g6c2VjcmV0LXB3"}, nullptr);
    EXPECT_EQ(keys.status, 200);
    EXPECT_EQ(keys.body.find("\"k\""), std::string::npos) << keys.body;
}

} // namespace
} // namespace pictor::test
