// The state database on PostgreSQL, beyond what the suites run on both backends check
// (CTest's pg.StateSuites): a database restart is a 503 while it is down — never a crash or a
// 500 — and pictor recovers by itself once it is back; several nodes starting at once on one
// empty database migrate it once.
#include <future>
#include <thread>

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

    pg.stop();
    auto down = http_get(server.url("/admin/roles"), {kAdmin});
    EXPECT_EQ(down.status, 503) << down.body;
    // Images whose policy is known keep being served meanwhile.
    EXPECT_EQ(http_get(server.url("/iiif/3/small.gif/full/max/0/default.png")).status, 200);

    pg.start();
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        status = http_get(server.url("/admin/roles"), {kAdmin}).status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, 200) << "not recovered after the restart";
    EXPECT_NE(http_get(server.url("/admin/roles"), {kAdmin}).body.find("staff"), std::string::npos);
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
    EXPECT_EQ(versions, "1 2 3 ");
    PQclear(r);
    PQfinish(c);
}

} // namespace
} // namespace pictor::test
