// The heavy-render gate (engine/heavy_renders.h): at most its number of places are held; a
// render without one gives up at its deadline or when its client has gone, and a freed place
// goes to the next waiter.
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "engine/heavy_renders.h"

namespace pictor::engine::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(HeavyRenders, PlacesAreBoundedAndWaitersGiveUpAtTheirDeadlineOrWhenCancelled) {
    HeavyRenders gate(2);
    core::CancelFlag none;
    auto a = std::make_unique<HeavyRenders::Place>(gate, Clock::now() + 1s, none);
    HeavyRenders::Place b(gate, Clock::now() + 1s, none);
    ASSERT_TRUE(a->held());
    ASSERT_TRUE(b.held());

    auto start = Clock::now();
    HeavyRenders::Place late(gate, Clock::now() + 100ms, none);
    EXPECT_FALSE(late.held());
    EXPECT_GE(Clock::now() - start, 100ms);

    auto cancel = std::make_shared<std::atomic<bool>>(false);
    std::thread leave([&] {
        std::this_thread::sleep_for(50ms);
        cancel->store(true);
    });
    start = Clock::now();
    HeavyRenders::Place gone(gate, Clock::now() + 10s, cancel);
    leave.join();
    EXPECT_FALSE(gone.held());
    EXPECT_LT(Clock::now() - start, 2s); // noticed within its 50 ms polling, not at the deadline

    std::thread release([&] {
        std::this_thread::sleep_for(50ms);
        a.reset(); // frees a place
    });
    HeavyRenders::Place next(gate, Clock::now() + 10s, none);
    release.join();
    EXPECT_TRUE(next.held());
}

} // namespace
} // namespace pictor::engine::detail
