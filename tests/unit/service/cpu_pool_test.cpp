#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "service/cpu_pool.h"

namespace pictor::service {
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

TEST(CpuPool, UploadsWaitInTheirOwnBoundedLaneInOrderTakingTurnsWithRequests) {
    CpuPool pool(1, 1, 1, 3);
    std::atomic<bool> release{false};
    std::mutex order_mutex;
    std::vector<std::string> order;
    auto record = [&](std::string name) {
        return [&, name] {
            std::lock_guard lock(order_mutex);
            order.push_back(name);
        };
    };
    ASSERT_TRUE(pool.try_submit([&] {
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }));
    while (pool.busy() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(pool.try_submit(record("r1")));
    EXPECT_FALSE(pool.try_submit(record("r2"))); // the request queue (1) is full …
    for (const char* u : {"u1", "u2", "u3"})     // … uploads have places of their own
        EXPECT_TRUE(pool.try_submit(record(u), Lane::Upload)) << u;
    EXPECT_FALSE(pool.try_submit(record("u4"), Lane::Upload));
    EXPECT_EQ(pool.queued_uploads(), 3u);
    release = true;
    pool.shutdown();
    // The blocker was a request, so an upload goes next; then the lanes alternate.
    EXPECT_EQ(order, (std::vector<std::string>{"u1", "r1", "u2", "u3"}));
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

TEST(CpuPool, BackgroundWorkYieldsToRequestsAndIsBounded) {
    std::atomic<bool> release{false};
    CpuPool pool(3, 100, 1);
    // Whatever fails below, the background tasks end so the pool can stop.
    std::shared_ptr<void> let_go(nullptr, [&](void*) { release = true; });
    std::atomic<int> running_background{0}, most_background{0}, requests{0};
    auto background = [&] {
        int now = ++running_background;
        most_background = std::max(most_background.load(), now);
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        --running_background;
    };
    for (int i = 0; i < 4; ++i)
        pool.submit_background(background);
    // One worker takes background work; the other two stay free for requests.
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(pool.try_submit([&] { ++requests; }));
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (requests < 20 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(requests, 20);
    EXPECT_EQ(most_background, 1);
    EXPECT_EQ(pool.queued_background(), 3u);
    release = true;
    while (pool.queued_background() > 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(pool.queued_background(), 0u);
    EXPECT_EQ(most_background, 1);
}

TEST(CpuPool, ShutdownDropsQueuedBackgroundWork) {
    std::atomic<int> done{0};
    std::atomic<bool> release{false};
    {
        CpuPool pool(1, 10, 1);
        pool.submit_background([&] {
            while (!release)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ++done;
        });
        while (pool.busy() == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        for (int i = 0; i < 5; ++i)
            pool.submit_background([&] { ++done; });
        std::thread stopper([&] { pool.shutdown(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        release = true;
        stopper.join();
    }
    EXPECT_EQ(done, 1); // the running one finished, the queued ones were dropped
}

// A task waiting on the network (core::BlockingIo) lends its CPU place: with one worker, a
// second task runs while the first waits; the waiter takes a place back before it goes on;
// a full I/O lane refuses the wait instead of queueing it.
TEST(CpuPool, AWaitOnTheNetworkLendsTheCpuPlace) {
    CpuPool pool(1, 10, 1, 32, 2);
    std::atomic<bool> release{false};
    std::atomic<int> waiting{0};
    std::atomic<int> refused{0};
    auto waiter = [&] {
        core::BlockingIo io;
        if (!io.admitted()) {
            ++refused;
            return;
        }
        ++waiting;
        while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    };
    ASSERT_TRUE(pool.try_submit(waiter));
    ASSERT_TRUE(pool.try_submit(waiter));
    while (waiting < 2)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(pool.waiting_on_io(), 2);
    // Both wait on the network: the one CPU place is free for local work.
    std::atomic<bool> ran{false};
    ASSERT_TRUE(pool.try_submit([&] { ran = true; }));
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!ran && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(ran);
    // A third wait finds the lane (2) full: refused at once.
    ASSERT_TRUE(pool.try_submit(waiter));
    until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (refused == 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(refused, 1);
    EXPECT_EQ(pool.io_refused(), 1);
    release = true;
    pool.shutdown();
    EXPECT_EQ(pool.waiting_on_io(), 0);
}

TEST(CpuPool, TasksBackFromTheNetworkNeverRunMoreThanTheWorkersAtOnce) {
    CpuPool pool(2, 100, 1, 32, 8);
    std::atomic<int> computing{0}, most{0};
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(pool.try_submit([&] {
            {
                core::BlockingIo io;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            int now = ++computing;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            --computing;
        }));
    pool.shutdown();
    EXPECT_LE(most, 2);
    EXPECT_GE(most, 1);
}

} // namespace
} // namespace pictor::service
