#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "http/cpu_pool.h"

namespace pictor::http {
namespace {

TEST(CpuPool, RunsTasksAndRefusesWhenFull) {
    CpuPool pool(1, 1);
    std::atomic<bool> release{false};
    std::atomic<int> done{0};
    auto blocker = [&] {
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++done;
    };
    ASSERT_TRUE(pool.try_submit(blocker));
    while (pool.busy() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(pool.try_submit(blocker));  // waits in the queue
    EXPECT_FALSE(pool.try_submit(blocker)); // queue full
    EXPECT_EQ(pool.rejected(), 1);
    release = true;
    pool.shutdown();
    EXPECT_EQ(done, 2);
}

TEST(CpuPool, ShutdownFinishesQueuedWork) {
    std::atomic<int> done{0};
    {
        CpuPool pool(2, 100);
        for (int i = 0; i < 50; ++i)
            ASSERT_TRUE(pool.try_submit([&] { ++done; }));
    }
    EXPECT_EQ(done, 50);
}

} // namespace
} // namespace pictor::http
