// The lock-free latency histogram behind pictor_queue_wait_seconds, and the CPU pool timing how
// long its tasks wait for a worker.
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "core/latency_histogram.h"
#include "service/cpu_pool.h"

namespace pictor::service {
namespace {

TEST(LatencyHistogram, EachSampleLandsInItsBucketAndTheTotals) {
    core::LatencyHistogram h;
    for (double s : {0.00005, 0.0003, 0.0003, 0.2, 30.0})
        h.observe(s);
    auto snap = h.snapshot();
    ASSERT_EQ(snap.bounds.size(), snap.per_bucket.size());
    EXPECT_EQ(snap.per_bucket[0], 1u); // <= 0.1 ms
    EXPECT_EQ(snap.per_bucket[1], 2u); // <= 0.5 ms
    EXPECT_EQ(snap.per_bucket[9], 1u); // <= 0.5 s
    EXPECT_EQ(snap.count, 5u);         // 30 s is above every bound, but counted
    EXPECT_NEAR(snap.sum_seconds, 30.20065, 1e-6);
}

TEST(CpuPoolWait, ATaskQueuedBehindABusyWorkerIsTimed) {
    CpuPool pool(1, 8);
    std::promise<void> release;
    auto held = release.get_future().share();
    ASSERT_TRUE(pool.try_submit([held] { held.wait(); }));
    std::promise<void> ran;
    ASSERT_TRUE(pool.try_submit([&ran] { ran.set_value(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    release.set_value();
    ran.get_future().wait();
    auto snap = pool.queue_wait(Lane::Request);
    EXPECT_EQ(snap.count, 2u);
    EXPECT_GE(snap.sum_seconds, 0.025); // the second waited for the first
    EXPECT_EQ(pool.queue_wait(Lane::Upload).count, 0u);
    pool.shutdown();
}

} // namespace
} // namespace pictor::service
