// The browser pages' server side: the viewer's page with the identifier filled in (escaped),
// the console's page only with the admin API on, the built files served from memory with
// validators and nothing else reachable under /ui/, and clear 404s without a front-end build.
// (The pages themselves run in Chromium: tests/browser.)
#include <filesystem>
#include <fstream>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

namespace fs = std::filesystem;

// A stand-in for web/dist: the two page shells and a script.
class UiPages : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        ui_ = make_temp_dir("ui");
        std::ofstream(ui_ / "viewer.html")
            << "<title>{{ID}}</title><main data-info=\"{{INFO_URL}}\">{{UNKNOWN}}</main>";
        std::ofstream(ui_ / "admin.html") << "<title>console</title>";
        std::ofstream(ui_ / "viewer.js") << "console.log('viewer');";
        fs::create_directories(ui_ / "osd-images");
        std::ofstream(ui_ / "osd-images/home.png") << "not really a png";
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(
            root_->path(), std::vector<std::string>{"ui.dir=" + ui_.string(), "admin.user=admin",
                                                    "admin.password=secret-pw"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
        fs::remove_all(ui_);
    }
    static inline fs::path ui_;
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(UiPages, TheViewerPageNamesItsImageEscaped) {
    auto r = http_get(server_->url("/viewer/photo.jpg"));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.body, "<title>photo.jpg</title><main data-info=\"/iiif/3/photo.jpg/info.json\">"
                      "{{UNKNOWN}}</main>");
    EXPECT_NE(r.header("content-security-policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");

    // Markup in an identifier stays text; the IIIF URL keeps the client's percent-encoding.
    auto hostile = http_get(server_->url("/viewer/%3Cscript%3Ealert(1)%3C%2Fscript%3E%22"));
    ASSERT_EQ(hostile.status, 200);
    EXPECT_EQ(hostile.body.find("<script>"), std::string::npos);
    EXPECT_NE(hostile.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), std::string::npos);
    EXPECT_NE(hostile.body.find("/iiif/3/%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22/info.json"),
              std::string::npos);
    // A slash in the identifier is encoded in the IIIF URL, typed either way.
    for (const char* path : {"/viewer/collection/page1.jpg", "/viewer/collection%2Fpage1.jpg"})
        EXPECT_NE(http_get(server_->url(path)).body.find("/iiif/3/collection%2Fpage1.jpg/info"),
                  std::string::npos)
            << path;
    // A value that looks like a placeholder is not filled in again.
    auto nested = http_get(server_->url("/viewer/%7B%7BINFO_URL%7D%7D"));
    EXPECT_NE(nested.body.find("<title>{{INFO_URL}}</title>"), std::string::npos);
    EXPECT_NE(nested.body.find("/iiif/3/%7B%7BINFO_URL%7D%7D/info.json"), std::string::npos);

    EXPECT_EQ(http_get(server_->url("/viewer/")).status, 404);
    EXPECT_EQ(http_get(server_->url("/viewer/%zz")).status, 404);
    EXPECT_EQ(http_request("POST", server_->url("/viewer/photo.jpg"), {}, nullptr).status, 405);
}

TEST_F(UiPages, TheConsolePageCannotBeFramed) {
    auto r = http_get(server_->url("/admin/ui/"));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<title>console</title>");
    EXPECT_EQ(r.header("x-frame-options"), "DENY");
    EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    auto bare = http_get(server_->url("/admin/ui"));
    EXPECT_EQ(bare.status, 301);
    EXPECT_EQ(bare.header("location"), server_->url("/admin/ui/")); // absolute: any prefix
    // The page needs no credentials; the API behind it does.
    EXPECT_EQ(http_get(server_->url("/admin/assets")).status, 401);
}

TEST_F(UiPages, BuiltFilesAreServedWithValidatorsAndNothingElse) {
    auto js = http_get(server_->url("/ui/viewer.js"));
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log('viewer');");
    EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
    std::string etag = js.header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(http_get(server_->url("/ui/viewer.js"), {"If-None-Match: " + etag}).status, 304);
    EXPECT_EQ(http_get(server_->url("/ui/osd-images/home.png")).header("content-type"),
              "image/png");
    for (const char* path : {"/ui/", "/ui/nothing.js", "/ui/../viewer.js", "/ui/%2e%2e/etc/passwd",
                             "/ui/osd-images/../viewer.js", "/ui//etc/passwd", "/ui/osd-images"})
        EXPECT_EQ(http_get(server_->url(path)).status, 404) << path;
}

TEST_F(UiPages, TheLandingPageLinksTheConsoleAndNamesTheViewer) {
    auto landing = http_get(server_->url("/"));
    ASSERT_EQ(landing.status, 200);
    EXPECT_NE(landing.body.find("<code>/viewer/{identifier}</code>"), std::string::npos);
    EXPECT_NE(landing.body.find("<a href=\"/admin/ui/\">"), std::string::npos);
    // Its form asks /viewer?id=…, which goes to the viewer's page.
    EXPECT_NE(landing.body.find("<form action=\"/viewer\" method=\"get\">"), std::string::npos);
    auto go = http_get(server_->url("/viewer?id=collection%2Fpage%201.jpg"));
    EXPECT_EQ(go.status, 303);
    EXPECT_EQ(go.header("location"), server_->url("/viewer/collection%2Fpage%201.jpg"));
    EXPECT_EQ(http_get(server_->url("/viewer?id=")).status, 400);
    EXPECT_EQ(http_get(server_->url("/viewer")).status, 400);
    EXPECT_EQ(http_get(server_->url("/viewer?id=%zz")).status, 400);
}

TEST(UiPagesWithoutBuild, PagesSayWhatIsMissing) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"ui.dir=" + (root.path() / "no-such-folder").string(),
                                       "admin.user=admin", "admin.password=secret-pw"});
    auto viewer = http_get(server.url("/viewer/photo.jpg"));
    EXPECT_EQ(viewer.status, 404);
    EXPECT_NE(viewer.body.find("make web"), std::string::npos);
    EXPECT_EQ(http_get(server.url("/admin/ui/")).status, 404);
    EXPECT_EQ(http_get(server.url("/ui/viewer.js")).status, 404);
    // The landing page does not point at pages that are not there.
    auto landing = http_get(server.url("/")).body;
    EXPECT_EQ(landing.find("/admin/ui/"), std::string::npos);
    EXPECT_EQ(landing.find("/viewer/"), std::string::npos);
}

} // namespace
} // namespace pictor::test
