// Generated IIIF Presentation 3 documents over HTTP, as a viewer loads them: every manifest
// and collection keeps the Presentation 3 rules (support/presentation_rules), points at the
// image services, shows only what anyone may see of a restricted image, pages large folders,
// and answers with the Presentation media type, CORS and validators.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"
#include "support/presentation_rules.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kAdmin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw

class Presentation : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        fs::create_directories(root_->path() / "big");
        for (int i = 0; i < 205; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "p%03d.jpg", i);
            std::error_code ec;
            fs::create_hard_link(root_->path() / "collection/page1.jpg",
                                 root_->path() / "big" / name, ec);
            if (ec)
                fs::copy_file(root_->path() / "collection/page1.jpg", root_->path() / "big" / name);
        }
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{"admin.user=admin", "admin.password=secret-pw"});
        admin("/admin/roles/staff", "");
        admin("/admin/assets/photo.jpg/policy", R"({"title":"A photograph"})");
        admin("/admin/assets/portrait.jpg/policy", R"({"roles":["staff"],"title":"Secret title"})");
        admin("/admin/assets/pyramid.tif/policy", R"({"roles":["staff"],"openFullMax":300})");
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
    }
    static void admin(const std::string& path, const std::string& body) {
        auto r = http_request("PUT", server_->url(path), {kAdmin}, &body);
        ASSERT_LT(r.status, 300) << path << ": " << r.body;
    }
    static json get_valid(const std::string& path) {
        auto r = http_get(server_->url(path));
        EXPECT_EQ(r.status, 200) << path << ": " << r.body;
        EXPECT_EQ(r.header("content-type"),
                  "application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"");
        EXPECT_EQ(r.header("access-control-allow-origin"), "*");
        auto doc = json::parse(r.body);
        auto problems = presentation_violations(doc);
        EXPECT_TRUE(problems.empty()) << path << ":\n" << ::testing::PrintToString(problems);
        return doc;
    }
    static const json& body_of(const json& canvas) {
        return canvas["items"][0]["items"][0]["body"];
    }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(Presentation, AnImageManifestPaintsItsCanvasWithTheImageService) {
    auto m = get_valid("/iiif/presentation/3/photo.jpg/manifest");
    EXPECT_EQ(m["id"], server_->url("/iiif/presentation/3/photo.jpg/manifest"));
    EXPECT_EQ(m["label"]["none"][0], "A photograph"); // the catalog's title
    ASSERT_EQ(m["items"].size(), 1u);
    const auto& canvas = m["items"][0];
    EXPECT_EQ(canvas["width"], 6000);
    EXPECT_EQ(canvas["height"], 4000);
    const auto& body = body_of(canvas);
    EXPECT_EQ(body["service"][0]["id"], server_->url("/iiif/3/photo.jpg"));
    EXPECT_EQ(body["service"][0]["type"], "ImageService3");
    EXPECT_FALSE(body["service"][0].contains("service")); // an open image: no auth services
    auto info = http_get(body["service"][0]["id"].get<std::string>() + "/info.json");
    EXPECT_EQ(info.status, 200);
    // The thumbnail is a listed size, drawn as listed.
    const auto& thumb = m["thumbnail"][0];
    auto image = http_get(thumb["id"]);
    ASSERT_EQ(image.status, 200) << thumb.dump();
    auto d = decode(image.body);
    EXPECT_EQ(d.width, thumb["width"].get<int>());
    EXPECT_EQ(d.height, thumb["height"].get<int>());
    EXPECT_LE(std::max(d.width, d.height), 400);
}

TEST_F(Presentation, ValidatorsAndPublicCaching) {
    auto url = server_->url("/iiif/presentation/3/photo.jpg/manifest");
    auto first = http_get(url);
    std::string etag = first.header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_NE(first.header("cache-control").find("public"), std::string::npos);
    EXPECT_EQ(first.header("last-modified"), "");
    EXPECT_EQ(http_get(url, {"If-None-Match: " + etag}).status, 304);
    EXPECT_EQ(http_get(url, {"If-Modified-Since: Sun, 06 Nov 2050 08:49:37 GMT"}).status, 200);
    // A changed title is a new document with a new validator.
    admin("/admin/assets/photo.jpg/policy", R"({"title":"A photograph, retitled"})");
    auto second = http_get(url, {"If-None-Match: " + etag});
    EXPECT_EQ(second.status, 200);
    EXPECT_NE(second.header("etag"), etag);
    admin("/admin/assets/photo.jpg/policy", R"({"title":"A photograph"})");
}

TEST_F(Presentation, ARestrictedImageShowsNothingItsViewersMayNot) {
    auto m = get_valid("/iiif/presentation/3/portrait.jpg/manifest");
    std::string text = m.dump();
    EXPECT_EQ(text.find("Secret title"), std::string::npos) << "the title stays out";
    EXPECT_EQ(m["label"]["none"][0], "portrait.jpg");
    EXPECT_FALSE(m.contains("thumbnail")); // nothing of it is open
    EXPECT_FALSE(m["items"][0].contains("thumbnail"));
    const auto& service = body_of(m["items"][0])["service"][0];
    std::string auth = service["service"].dump();
    EXPECT_NE(auth.find("AuthProbeService2"), std::string::npos) << auth;
    EXPECT_NE(auth.find("http://iiif.io/api/auth/1/login"), std::string::npos) << auth;
    EXPECT_EQ(m["@context"][0], "http://iiif.io/api/auth/2/context.json");
    EXPECT_EQ(http_get(body_of(m["items"][0])["id"]).status, 401);

    // Open sizes only: every thumbnail anyone may fetch, within the open square.
    auto open = get_valid("/iiif/presentation/3/pyramid.tif/manifest");
    const auto& thumb = open["thumbnail"][0];
    EXPECT_LE(std::max(thumb["width"].get<int>(), thumb["height"].get<int>()), 300);
    EXPECT_EQ(http_get(thumb["id"]).status, 200);

    // The same document for every viewer (public): a staff cookie changes nothing.
    auto anonymous = http_get(server_->url("/iiif/presentation/3/portrait.jpg/manifest"));
    auto cookie = http_get(server_->url("/iiif/presentation/3/portrait.jpg/manifest"),
                           {"Cookie: pictor_session=s.whatever"});
    EXPECT_EQ(anonymous.body, cookie.body);
}

TEST_F(Presentation, FoldersAsManifestsAndCollections) {
    auto folder = get_valid("/iiif/presentation/3/collection/manifest");
    EXPECT_EQ(folder["label"]["none"][0], "collection");
    ASSERT_EQ(folder["items"].size(), 1u);
    EXPECT_EQ(folder["items"][0]["label"]["none"][0], "page1.jpg");
    // An encoded slash names the image, not the folder.
    auto page = get_valid("/iiif/presentation/3/collection%2Fpage1.jpg/manifest");
    EXPECT_EQ(page["items"].size(), 1u);

    auto root = get_valid("/iiif/presentation/3/collection");
    std::vector<std::string> labels, types;
    for (const auto& item : root["items"]) {
        labels.push_back(item["label"]["none"][0]);
        types.push_back(item["type"]);
    }
    // Sub-folders first, then images by name; no symlink, text file or hidden entry.
    ASSERT_GE(labels.size(), 4u);
    EXPECT_EQ(labels[0], "big");
    EXPECT_EQ(labels[1], "collection");
    EXPECT_EQ(types[0], "Collection");
    for (const auto& l : labels) {
        EXPECT_NE(l, "notes.txt");
        EXPECT_NE(l, "escape.jpg");
        EXPECT_NE(l, "inside-link.gif");
    }
    EXPECT_NE(std::find(labels.begin(), labels.end(), "A photograph"), labels.end());
    for (const auto& item : root["items"]) {
        if (item["type"] != "Manifest") continue;
        EXPECT_TRUE(presentation_violations(json::parse(http_get(item["id"]).body)).empty())
            << item["id"];
    }
}

TEST_F(Presentation, LargeFoldersArePaged) {
    auto top = get_valid("/iiif/presentation/3/collection/big");
    ASSERT_EQ(top["items"].size(), 3u); // 205 images, 100 a page
    EXPECT_EQ(top["items"][0]["type"], "Collection");
    auto second = get_valid("/iiif/presentation/3/collection/big?page=2");
    ASSERT_EQ(second["items"].size(), 100u);
    EXPECT_EQ(second["items"][0]["label"]["none"][0], "p100.jpg");
    EXPECT_EQ(second["partOf"][0]["id"], top["id"]);
    EXPECT_EQ(get_valid("/iiif/presentation/3/collection/big?page=3")["items"].size(), 5u);
    EXPECT_EQ(http_get(server_->url("/iiif/presentation/3/collection/big?page=4")).status, 404);
    for (const char* bad : {"0", "x", "-1", "99999999"})
        EXPECT_EQ(
            http_get(server_->url(std::string("/iiif/presentation/3/collection/big?page=") + bad))
                .status,
            400)
            << bad;
}

TEST_F(Presentation, UnknownOrHostileNamesAreRefused) {
    for (const char* path :
         {"/iiif/presentation/3/missing.jpg/manifest", "/iiif/presentation/3/collection/nothing",
          "/iiif/presentation/3/collection/photo.jpg", "/iiif/presentation/3/photo.jpg",
          "/iiif/presentation/3/", "/iiif/presentation/3/escape.jpg/manifest"}) {
        auto r = http_get(server_->url(path));
        EXPECT_EQ(r.status, 404) << path << ": " << r.body;
        EXPECT_EQ(r.header("cache-control"), "no-store") << path;
    }
    for (const char* path : {"/iiif/presentation/3/..%2F..%2Fetc/manifest",
                             "/iiif/presentation/3/collection/..%2F..%2Fetc",
                             "/iiif/presentation/3/collection/.pictor-tmp"}) {
        auto r = http_get(server_->url(path));
        EXPECT_TRUE(r.status == 400 || r.status == 404) << path << ": " << r.status;
    }
}

TEST(PresentationRules, CatchBrokenDocuments) {
    auto m = json::parse(R"({
      "@context": "http://iiif.io/api/presentation/3/context.json",
      "id": "https://example.org/m", "type": "Manifest",
      "items": [{"id": "https://example.org/c", "type": "Canvas", "width": 10,
        "items": [{"id": "https://example.org/p", "type": "AnnotationPage", "items": [
          {"id": "https://example.org/a", "type": "Annotation", "motivation": "painting",
           "target": "https://example.org/other",
           "body": {"id": "x", "type": "Image", "format": "text/html"}}]}]}]})");
    auto problems = presentation_violations(m);
    auto has = [&](const std::string& part) {
        for (const auto& p : problems)
            if (p.find(part) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("needs a label")) << ::testing::PrintToString(problems);
    EXPECT_TRUE(has("width and height come together"));
    EXPECT_TRUE(has("does not target its canvas"));
    EXPECT_TRUE(has("body.id: not an http(s) URI"));
    EXPECT_TRUE(has("not image/*"));
    EXPECT_TRUE(has("@context") == false);
    EXPECT_FALSE(presentation_violations(json{{"type", "Manifest"}}).empty());
}

TEST(PresentationSettings, ManifestsCanPointAtImageApi2Services) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"iiif.manifest_image_version=2"});
    auto m = json::parse(http_get(server.url("/iiif/presentation/3/photo.jpg/manifest")).body);
    EXPECT_TRUE(presentation_violations(m).empty());
    const auto& service = m["items"][0]["items"][0]["items"][0]["body"]["service"][0];
    EXPECT_EQ(service["@type"], "ImageService2");
    EXPECT_EQ(service["@id"], server.url("/iiif/2/photo.jpg"));
    EXPECT_EQ(http_get(service["@id"].get<std::string>() + "/info.json").status, 200);
}

} // namespace
} // namespace pictor::test
