// The operator pages (/metrics, /imageconverter/status): behind HTTP Basic, or on their own
// listener (ops.listen), while images and /healthz stay public on the main port.
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

// The operator pages can be put behind HTTP Basic; the images and /healthz stay public.
TEST(OperatorPages, OperatorPagesBehindBasicAuth) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.ops_user=ops", "server.ops_password=pw"});
    const std::string ops = "Authorization: Basic b3BzOnB3"; // ops:pw
    for (const char* page : {"/metrics", "/imageconverter/status?metrics=yes"}) {
        SCOPED_TRACE(page);
        auto refused = http_get(server.url(page));
        EXPECT_EQ(refused.status, 401);
        EXPECT_EQ(refused.header("www-authenticate"), "Basic realm=\"pictor operations\"");
        EXPECT_EQ(refused.header("cache-control"), "no-store");
        EXPECT_EQ(http_get(server.url(page), {"Authorization: Basic b3BzOnd4"}).status, 401);
        EXPECT_EQ(http_get(server.url(page), {ops}).status, 200);
    }
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).status, 200);
}

TEST(OperatorPages, OperatorPagesOnTheirOwnListener) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"ops.listen=127.0.0.1:0"});
    std::smatch m;
    std::string log = server.log();
    ASSERT_TRUE(
        std::regex_search(log, m, std::regex("operator pages listening on (http://[0-9.:]+)")))
        << log;
    std::string ops = m[1];
    for (const char* page : {"/metrics", "/imageconverter/status?metrics=yes"}) {
        SCOPED_TRACE(page);
        EXPECT_EQ(http_get(ops + page).status, 200);
        EXPECT_EQ(http_get(server.url(page)).status, 404); // gone from the public port
    }
    EXPECT_NE(http_get(ops + "/metrics").body.find("pictor_http_requests_total"),
              std::string::npos);
    EXPECT_EQ(http_get(ops + "/healthz").status, 200);
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
    // Readiness stays where load balancers and Kubernetes probe it: the main port gives the
    // verdict alone, the operator port the parts and sources too.
    auto verdict = http_get(server.url("/readyz"));
    EXPECT_EQ(verdict.status, 200);
    EXPECT_EQ(nlohmann::json::parse(verdict.body),
              (nlohmann::json{{"ready", true}, {"status", "ok"}}));
    auto detail = nlohmann::json::parse(http_get(ops + "/readyz").body);
    EXPECT_EQ(detail["status"], "ok");
    EXPECT_TRUE(detail.contains("sources")) << detail;
    // The operator port serves nothing else.
    EXPECT_EQ(http_get(ops + "/iiif/3/photo.jpg/info.json").status, 404);
    EXPECT_EQ(http_get(ops + "/imageconverter/getKeyCount").status, 404);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).status, 200);
}

} // namespace
} // namespace pictor::test
