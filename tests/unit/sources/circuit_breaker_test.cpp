// The per-origin circuit breaker: opens after N failures within the window, fails fast with
// the last failure's kind, lets one trial through after the cool-down, and closes on success.
#include <gtest/gtest.h>

#include "sources/circuit_breaker.h"

namespace pictor::sources {
namespace {

using namespace std::chrono_literals;
using Clock = CircuitBreaker::Clock;

const core::Error kTimeout{core::ErrorCode::UpstreamTimeout, "slow", "timed out after 3000 ms"};
const core::Error kRefused{core::ErrorCode::UpstreamFailed, "down", "connection refused"};

TEST(CircuitBreaker, OpensAfterTheFailuresOfOneWindowAndFailsFastWithTheirKind) {
    CircuitBreaker breaker({3, 30s, 10s});
    auto t = Clock::now();
    for (int i = 0; i < 2; ++i) {
        EXPECT_FALSE(breaker.admit("slow.example", t));
        breaker.record("slow.example", &kTimeout, t);
    }
    EXPECT_FALSE(breaker.admit("slow.example", t)); // two failures: still closed
    breaker.record("slow.example", &kTimeout, t);
    auto refused = breaker.admit("slow.example", t + 1s);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, core::ErrorCode::UpstreamTimeout); // 504, as the failures were
    EXPECT_NE(refused->detail.find("slow.example"), std::string::npos);
    EXPECT_FALSE(breaker.admit("other.example", t + 1s)); // per host
    auto s = breaker.stats();
    EXPECT_EQ(s.opened, 1u);
    EXPECT_EQ(s.open_now, 1u);
    EXPECT_EQ(s.fast_fails, 1u);
}

TEST(CircuitBreaker, FailuresOutsideTheWindowDoNotAddUp) {
    CircuitBreaker breaker({3, 10s, 10s});
    auto t = Clock::now();
    breaker.record("a.example", &kRefused, t);
    breaker.record("a.example", &kRefused, t + 5s);
    breaker.record("a.example", &kRefused, t + 20s); // a new window
    EXPECT_FALSE(breaker.admit("a.example", t + 21s));
}

TEST(CircuitBreaker, OneTrialAfterTheCooldownClosesOrReopensIt) {
    CircuitBreaker breaker({1, 30s, 10s});
    auto t = Clock::now();
    breaker.record("a.example", &kRefused, t);
    EXPECT_TRUE(breaker.admit("a.example", t + 9s));
    EXPECT_FALSE(breaker.admit("a.example", t + 11s)); // the trial
    auto second = breaker.admit("a.example", t + 11s); // others wait for its verdict
    ASSERT_TRUE(second);
    EXPECT_EQ(second->code, core::ErrorCode::UpstreamFailed);
    breaker.record("a.example", &kRefused, t + 12s); // the trial failed: open again
    EXPECT_TRUE(breaker.admit("a.example", t + 21s));
    EXPECT_FALSE(breaker.admit("a.example", t + 23s)); // next trial
    breaker.record("a.example", nullptr, t + 23s);     // it answered
    EXPECT_FALSE(breaker.admit("a.example", t + 23s));
    EXPECT_FALSE(breaker.admit("a.example", t + 23s));
    EXPECT_EQ(breaker.stats().open_now, 0u);
}

TEST(CircuitBreaker, ZeroFailuresMeansNever) {
    CircuitBreaker breaker({0, 30s, 10s});
    auto t = Clock::now();
    for (int i = 0; i < 100; ++i)
        breaker.record("a.example", &kTimeout, t);
    EXPECT_FALSE(breaker.admit("a.example", t));
}

} // namespace
} // namespace pictor::sources
