// The state database on PostgreSQL, beyond what the suites run on both backends check
// (CTest's pg.StateSuites): a database restart is a 503 while it is down — never a crash or a
// 500 — and pictor recovers by itself once it is back; several nodes starting at once on one
// empty database migrate it once.
#include <future>
#include <regex>
#include <thread>

#include <sys/wait.h>

#include <libpq-fe.h>

#include "integration/fixture.h"
#include "support/postgres_server.h"

namespace pictor::test {
namespace {

const std::string kAdmin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3"; // admin:secret-pw

TEST(StateDatabase, ARestartIsA503ThenPictorRecovers) {
    PostgresServer pg; // its own: the restart must not disturb other tests
    std::string url = pg.fresh_database("restart");
    TempImageRoot root;
    ServerProcess server(root.path(), {"catalog.url=" + url, "admin.user=admin",
                                       "admin.password=secret-pw", "auth.kdf_cost=10"});
    auto put = [&](const std::string& path, const std::string& body) {
        return http_request("PUT", server.url(path), {kAdmin}, &body);
    };
    ASSERT_EQ(put("/admin/roles/staff", "").status / 100, 2) << server.log();
    ASSERT_EQ(http_get(server.url("/admin/roles"), {kAdmin}).status, 200);

    EXPECT_EQ(http_get(server.url("/readyz")).status, 200);
    pg.stop();
    auto down = http_get(server.url("/admin/roles"), {kAdmin});
    EXPECT_EQ(down.status, 503) << down.body;
    auto ready = http_get(server.url("/readyz"));
    EXPECT_EQ(ready.status, 503) << ready.body;
    EXPECT_NE(ready.body.find("\"database\": false"), std::string::npos) << ready.body;
    // Images whose policy is known keep being served meanwhile.
    EXPECT_EQ(http_get(server.url("/iiif/3/small.gif/full/max/0/default.png")).status, 200);

    pg.start();
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        status = http_get(server.url("/admin/roles"), {kAdmin}).status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, 200) << "not recovered after the restart";
    EXPECT_EQ(http_get(server.url("/readyz")).status, 200);
    EXPECT_NE(http_get(server.url("/admin/roles"), {kAdmin}).body.find("staff"), std::string::npos);
}

// Waits up to `limit` for `node` to answer `path` anonymously with `status`; the time it took.
std::chrono::milliseconds until_status(const ServerProcess& node, const std::string& path,
                                       int status, std::chrono::milliseconds limit) {
    auto start = std::chrono::steady_clock::now();
    while (http_get(node.url(path)).status != status &&
           std::chrono::steady_clock::now() - start < limit)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
}

TEST(StateDatabase, TwoNodesShareLoginsLogoutsAndPolicies) {
    std::string url = PostgresServer::shared().fresh_database("two_nodes");
    TempImageRoot root;
    auto previews = make_temp_dir("shared-previews"); // a shared volume, as NFS would be
    std::vector<std::string> settings = {"catalog.url=" + url,
                                         "admin.user=admin",
                                         "admin.password=secret-pw",
                                         "auth.kdf_cost=10",
                                         "converter.dir=" + previews.string(),
                                         "converter.anonymous=read write"};
    ServerProcess a(root.path(), settings), b(root.path(), settings);
    auto put = [&](const ServerProcess& node, const std::string& path, const std::string& body) {
        return http_request("PUT", node.url(path), {kAdmin}, &body).status;
    };
    ASSERT_EQ(put(a, "/admin/roles/staff", ""), 204);
    ASSERT_EQ(put(a, "/admin/users/alice", R"({"password":"wonderland","roles":["staff"]})"), 200);
    const std::string image = "/iiif/3/photo.jpg/full/120,/0/default.jpg";
    ASSERT_EQ(http_get(b.url(image)).status, 200) << "open before the policy";

    // A policy set through node A applies on node B within 2 s (catalog.poll_ms = 1000).
    ASSERT_EQ(put(a, "/admin/assets/photo.jpg/policy", R"({"roles":["staff"]})"), 200);
    auto took = until_status(b, image, 401, std::chrono::milliseconds(2000));
    EXPECT_EQ(http_get(b.url(image)).status, 401);
    EXPECT_LE(took.count(), 2000);

    // A login on node A is valid on node B; a logout on B ends it on A too.
    std::string form = "username=alice&password=wonderland";
    auto login = http_request("POST", a.url("/auth/v2/access/active"), {}, &form);
    std::smatch m;
    std::string set_cookie = login.header("set-cookie");
    ASSERT_TRUE(std::regex_search(set_cookie, m, std::regex("pictor_session=([^;]+)")))
        << login.status << " " << login.body;
    std::string cookie = "Cookie: pictor_session=" + std::string(m[1]);
    EXPECT_EQ(http_get(b.url(image), {cookie}).status, 200);
    http_get(b.url("/auth/v2/logout"), {cookie});
    EXPECT_EQ(http_get(a.url(image), {cookie}).status, 401);

    // A preview key uploaded through node A is served by node B.
    std::string body = "--B42\r\nContent-Disposition: form-data; name=\"sourceImage\"; "
                       "filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
                       read_bytes(samples_dir() / "portrait.jpg") + "\r\n--B42--\r\n";
    auto uploaded = http_request("POST", a.url("/imageconverter/cacheAndGetImage/k1/auto:100x100"),
                                 {"Content-Type: multipart/form-data; boundary=B42"}, &body);
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
    auto served = http_get(b.url("/imageconverter/getImage/k1/auto:100x100"));
    ASSERT_EQ(served.status, 200) << served.body;
    EXPECT_EQ(decode(served.body).height, 100);

    // Lifted through node B: open on node A again, as quickly.
    ASSERT_EQ(put(b, "/admin/assets/photo.jpg/policy", R"({"roles":[]})"), 200);
    took = until_status(a, image, 200, std::chrono::milliseconds(2000));
    EXPECT_EQ(http_get(a.url(image)).status, 200);
    EXPECT_LE(took.count(), 2000);
    std::filesystem::remove_all(previews);
}

// A state database that cannot be reached or named is a start-up failure that says so, never a
// server that runs without its catalog.
TEST(StateDatabase, AnUnreachableOrMalformedUrlStopsStartUp) {
    TempImageRoot root;
    auto dir = make_temp_dir("bad-catalog");
    for (std::string url : {"postgresql:///pictor?host=/nonexistent&port=1", "postgresql://[::1",
                            "sqlite:/nonexistent/dir/catalog.sqlite"}) {
        std::string cmd = "timeout 20 " + pictor_binary() + " serve --images " +
                          root.path().string() + " --port 0 --data " + (dir / "data").string() +
                          " --set 'catalog.url=" + url + "' > " + (dir / "log").string() + " 2>&1";
        int status = std::system(cmd.c_str());
        EXPECT_EQ(WEXITSTATUS(status), 2) << url;
        EXPECT_NE(read_bytes(dir / "log").find("pictor: catalog:"), std::string::npos)
            << url << ": " << read_bytes(dir / "log");
    }
    std::filesystem::remove_all(dir);
}

TEST(StateDatabase, NodesStartingTogetherMigrateOnce) {
    auto& pg = PostgresServer::shared();
    std::string url = pg.fresh_database("together");
    TempImageRoot root;
    std::vector<std::future<long>> nodes;
    for (int i = 0; i < 3; ++i)
        nodes.push_back(std::async(std::launch::async, [&] {
            ServerProcess node(root.path(), {"catalog.url=" + url});
            return http_get(node.url("/healthz")).status;
        }));
    for (auto& n : nodes)
        EXPECT_EQ(n.get(), 200);
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, "SELECT version FROM pictor_schema ORDER BY version");
    ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
    std::string versions;
    for (int i = 0; i < PQntuples(r); ++i)
        versions += std::string(PQgetvalue(r, i, 0)) + " ";
    EXPECT_EQ(versions, "1 2 3 4 5 ");
    PQclear(r);
    PQfinish(c);
}

} // namespace
} // namespace pictor::test
