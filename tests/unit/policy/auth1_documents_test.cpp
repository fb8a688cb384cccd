// IIIF Authentication 1.0 documents: the cookie services as Image API 3.0 and 2.1 list them,
// and the token service's answers.
#include <gtest/gtest.h>

#include "policy/auth1_documents.h"

namespace pictor::policy {
namespace {

Auth1Services all_services() {
    Auth1Services s;
    s.login = "https://x/auth/v1/login";
    s.clickthrough = "https://x/auth/v1/clickthrough";
    s.kiosk = "https://x/auth/v1/kiosk";
    s.external = "https://x/auth/v1/external";
    s.token = "https://x/auth/v1/token";
    s.logout = "https://x/auth/v1/logout";
    s.words = {"Log in", "Restricted", "Please log in", "Accept", "Terms", "Be nice"};
    return s;
}

TEST(Auth1Documents, ServicesInOrderWithProfilesAndNestedTokenAndLogout) {
    auto list = auth1_services(all_services(), true);
    ASSERT_EQ(list.size(), 4u);
    const char* profiles[] = {"external", "kiosk", "clickthrough", "login"};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(list[i]["profile"], std::string("http://iiif.io/api/auth/1/") + profiles[i]);
        EXPECT_EQ(list[i]["@type"], "AuthCookieService1");
        EXPECT_FALSE(list[i].contains("@context")); // 3.0: the image context covers Auth 1
        ASSERT_EQ(list[i]["service"].size(), 2u);
        EXPECT_EQ(list[i]["service"][0]["@id"], "https://x/auth/v1/token");
        EXPECT_EQ(list[i]["service"][0]["@type"], "AuthTokenService1");
        EXPECT_EQ(list[i]["service"][1]["profile"], "http://iiif.io/api/auth/1/logout");
    }
    EXPECT_EQ(list[3]["header"], "Restricted");
    EXPECT_EQ(list[3]["description"], "Please log in");
    EXPECT_EQ(list[3]["confirmLabel"], "Log in");
    EXPECT_EQ(list[2]["description"], "Be nice");
    EXPECT_EQ(list[2]["confirmLabel"], "Accept");
}

TEST(Auth1Documents, TwoOneFormCarriesItsContextAndNoType) {
    Auth1Services s = all_services();
    s.kiosk.clear();
    s.external.clear();
    s.clickthrough.clear();
    auto list = auth1_services(s, false);
    ASSERT_EQ(list.size(), 1u); // services left empty are not offered
    EXPECT_EQ(list[0]["@context"], kAuth1Context);
    EXPECT_FALSE(list[0].contains("@type"));
    EXPECT_FALSE(list[0]["service"][0].contains("@context"));
}

TEST(Auth1Documents, TokenAnswers) {
    auto browser = auth1_token("m1", "t.abc", 300);
    EXPECT_EQ(browser["messageId"], "m1");
    EXPECT_EQ(browser["accessToken"], "t.abc");
    EXPECT_EQ(browser["expiresIn"], 300);
    EXPECT_FALSE(auth1_token("", "t.abc", 300).contains("messageId"));
    auto error = auth1_token_error("m2", "missingCredentials", "Log in first.");
    EXPECT_EQ(error["error"], "missingCredentials");
    EXPECT_EQ(error["messageId"], "m2");
    EXPECT_FALSE(error.contains("accessToken"));
}

} // namespace
} // namespace pictor::policy
