// The per-node session cache: found within its time, never past the session's own expiry,
// forgotten at logout, nothing kept when off, bounded.
#include <thread>

#include <gtest/gtest.h>

#include "service/session_cache.h"

namespace pictor::service {
namespace {

using namespace std::chrono_literals;

state::SessionRecord session(const std::string& hash, std::int64_t expires_s) {
    state::SessionRecord s;
    s.id_hash = hash;
    s.user = "alice";
    s.roles = {"staff"};
    s.expires_s = expires_s;
    return s;
}

TEST(SessionCache, FoundUntilItsTimeOrTheSessionsExpiry) {
    SessionCache cache(200ms);
    EXPECT_FALSE(cache.find("a", 1000));
    cache.remember(session("a", 2000));
    auto found = cache.find("a", 1000);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->roles, std::vector<std::string>{"staff"});
    EXPECT_FALSE(cache.find("a", 2000)) << "expired by the session's own time";
    cache.remember(session("b", 2000));
    std::this_thread::sleep_for(250ms);
    EXPECT_FALSE(cache.find("b", 1000)) << "kept past the cache's time";
}

TEST(SessionCache, ALogoutForgetsAtOnce) {
    SessionCache cache(10s);
    cache.remember(session("a", 2000));
    cache.forget("a");
    EXPECT_FALSE(cache.find("a", 1000));
}

TEST(SessionCache, ZeroKeepsNothing) {
    SessionCache cache(0ms);
    cache.remember(session("a", 2000));
    EXPECT_FALSE(cache.find("a", 1000));
}

TEST(SessionCache, BoundedByStartingAgainEmpty) {
    SessionCache cache(10s, 3);
    for (const char* h : {"a", "b", "c"})
        cache.remember(session(h, 2000));
    EXPECT_TRUE(cache.find("c", 1000));
    cache.remember(session("d", 2000)); // full: starts again
    EXPECT_FALSE(cache.find("a", 1000));
    EXPECT_TRUE(cache.find("d", 1000));
}

} // namespace
} // namespace pictor::service
