// An origin that accepts and never answers must not stall anything else: twenty requests for
// distinct identifiers behind it wait off the image workers (limits.io_lane) while local images
// render as fast as before, the origin's circuit breaker opens after the first timeouts and
// fails the rest fast, and closes again once the origin answers.
#include <algorithm>
#include <future>
#include <thread>

#include "integration/fixture.h"
#include "support/test_origin.h"

namespace pictor::test {
namespace {

// The median time of a few local thumbnail renders (uncached: the cache is off).
double local_render_seconds(const ServerProcess& server, int salt) {
    std::vector<double> took;
    for (int i = 0; i < 5; ++i) {
        auto size = std::to_string(200 + salt * 10 + i);
        auto r =
            http_get(server.url("/iiif/3/photo.jpg/full/!" + size + "," + size + "/0/default.jpg"));
        EXPECT_EQ(r.status, 200);
        took.push_back(r.seconds);
    }
    std::sort(took.begin(), took.end());
    return took[2];
}

TEST(HungOrigin, LocalImagesKeepTheirSpeedAndTheBreakerOpensAndCloses) {
    Tarpit hung;
    TempImageRoot root;
    ServerProcess server(
        root.path(),
        {"remote.sources=hung/=http://127.0.0.1:" + std::to_string(hung.port()) + "/",
         "remote.allowed_networks=127.0.0.1/32", "remote.timeout_ms=3000",
         "remote.connect_timeout_ms=1000", "limits.workers=4", "limits.io_lane=16",
         "remote.breaker_failures=5", "remote.breaker_cooldown_s=3", "cache.enabled=false"});
    local_render_seconds(server, 0); // warm
    double baseline = local_render_seconds(server, 1);

    // Twenty concurrent requests for distinct identifiers behind the hung origin.
    std::vector<std::future<HttpResponse>> stuck;
    for (int i = 0; i < 20; ++i)
        stuck.push_back(std::async(std::launch::async, [&server, i] {
            return http_get(
                server.url("/iiif/3/hung%2Fimage" + std::to_string(i) + ".jpg/info.json"));
        }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    double during = local_render_seconds(server, 2);
    std::printf("local render: %.1f ms alone, %.1f ms beside 20 hung fetches\n", baseline * 1e3,
                during * 1e3);
    EXPECT_LT(during, std::max(3 * baseline, baseline + 0.030));
    EXPECT_GT(series(server, "pictor_io_waiting"), 0);

    for (auto& f : stuck) {
        auto r = f.get();
        // Timed out (504), failed fast by the breaker (502/504), or refused with the lane
        // full (503): never a 500, never a hang.
        EXPECT_TRUE(r.status == 502 || r.status == 503 || r.status == 504) << r.status << r.body;
        EXPECT_LT(r.seconds, 8.0);
    }
    EXPECT_GE(series(server, "pictor_origin_breaker_opened_total"), 1);
    EXPECT_EQ(series(server, "pictor_origin_breakers_open"), 1);
    // Open: a new identifier fails at once, without a connection.
    int connections = hung.connections();
    auto fast = http_get(server.url("/iiif/3/hung%2Fnew.jpg/info.json"));
    EXPECT_TRUE(fast.status == 502 || fast.status == 504) << fast.status;
    EXPECT_LT(fast.seconds, 0.5);
    EXPECT_EQ(hung.connections(), connections);
    EXPECT_GE(series(server, "pictor_origin_fast_failures_total"), 1);
    EXPECT_EQ(http_get(server.url("/readyz")).status, 200); // one origin down: degraded

    // The origin comes back; after the cool-down one trial finds out and closes the breaker.
    hung.recover();
    std::this_thread::sleep_for(std::chrono::milliseconds(3200));
    auto trial = http_get(server.url("/iiif/3/hung%2Fback.jpg/info.json"));
    EXPECT_EQ(trial.status, 404) << trial.body; // it answered: no such image
    EXPECT_EQ(series(server, "pictor_origin_breakers_open"), 0);
    EXPECT_EQ(http_get(server.url("/iiif/3/hung%2Fagain.jpg/info.json")).status, 404);
}

} // namespace
} // namespace pictor::test
