// The admin console's sign-ins: tokens that name their user until they end, bounded in number.
#include <gtest/gtest.h>

#include "api/admin/console_sessions.h"

namespace pictor::api {
namespace {

using namespace std::chrono_literals;

TEST(ConsoleSessions, ATokenNamesItsUserUntilItIsClosed) {
    ConsoleSessions sessions(1h);
    auto a = sessions.open("admin", false);
    EXPECT_EQ(a.token.size(), 66u);
    EXPECT_EQ(a.token.substr(0, 2), "c.");
    EXPECT_EQ(sessions.user(a.token), "admin");
    EXPECT_FALSE(sessions.user("c." + std::string(64, '0')));
    EXPECT_FALSE(sessions.user(a.token.substr(0, 65)));
    EXPECT_FALSE(sessions.user(""));
    EXPECT_NE(sessions.open("admin", false).token, a.token); // random, never reused
    sessions.close(a.token);
    EXPECT_FALSE(sessions.user(a.token));
}

TEST(ConsoleSessions, ExpiredTokensNameNobody) {
    ConsoleSessions sessions(0s);
    auto a = sessions.open("admin", false);
    EXPECT_FALSE(sessions.user(a.token));
}

TEST(ConsoleSessions, ChangingAUserEndsOnlyTheirRoleSignIns) {
    ConsoleSessions sessions(1h);
    auto carol = sessions.open("carol", true);
    auto dave = sessions.open("dave", true);
    auto admin = sessions.open("carol", false); // admin.user happens to be called carol too
    sessions.close_user("carol");
    EXPECT_FALSE(sessions.user(carol.token));
    EXPECT_EQ(sessions.user(dave.token), "dave");
    EXPECT_EQ(sessions.user(admin.token), "carol");
    sessions.close_role_users();
    EXPECT_FALSE(sessions.user(dave.token));
    EXPECT_EQ(sessions.user(admin.token), "carol");
}

TEST(ConsoleSessions, TheSignInClosestToItsEndGivesWayBeyondTheBound) {
    ConsoleSessions sessions(1h, 2);
    auto first = sessions.open("a", false);
    auto second = sessions.open("b", false);
    auto third = sessions.open("c", false);
    EXPECT_FALSE(sessions.user(first.token));
    EXPECT_EQ(sessions.user(second.token), "b");
    EXPECT_EQ(sessions.user(third.token), "c");
}

} // namespace
} // namespace pictor::api
