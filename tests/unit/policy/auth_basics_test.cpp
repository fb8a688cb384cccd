// Passwords, secrets, client networks and origins: the small pieces the auth flow relies on.
#include <gtest/gtest.h>

#include "core/network.h"
#include "policy/auth_documents.h"
#include "policy/password.h"
#include "policy/secrets.h"

namespace pictor::policy {
namespace {

using core::Network;

TEST(Password, HashesVerifyAndDiffer) {
    std::string a = hash_password("correct horse", 10);
    std::string b = hash_password("correct horse", 10);
    EXPECT_NE(a, b); // salted
    EXPECT_EQ(a.rfind("$scrypt$ln=10,r=8,p=1$", 0), 0u);
    EXPECT_TRUE(verify_password("correct horse", a));
    EXPECT_FALSE(verify_password("correct horsE", a));
    EXPECT_FALSE(verify_password("", a));
    for (const char* bad :
         {"", "$scrypt$", "$scrypt$ln=99,r=8,p=1$00$00", "plain", "$scrypt$ln=10,r=8,p=1$zz$00"})
        EXPECT_FALSE(verify_password("x", bad)) << bad;
}

TEST(Secrets, SessionSecretsAndTokensCannotPassForEachOther) {
    auto s = new_session_secret();
    auto t = new_access_token();
    EXPECT_TRUE(looks_like_session_secret(s));
    EXPECT_FALSE(looks_like_access_token(s));
    EXPECT_TRUE(looks_like_access_token(t));
    EXPECT_FALSE(looks_like_session_secret(t));
    EXPECT_NE(new_access_token(), t);
    EXPECT_FALSE(looks_like_access_token("t." + std::string(64, 'G')));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Network, ContainsByPrefix) {
    auto n = Network::parse("10.1.0.0/16");
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->contains("10.1.200.3"));
    EXPECT_FALSE(n->contains("10.2.0.1"));
    EXPECT_TRUE(n->contains("::ffff:10.1.0.9"));
    EXPECT_FALSE(n->contains("fe80::1"));
    auto one = Network::parse("127.0.0.1");
    ASSERT_TRUE(one);
    EXPECT_TRUE(one->contains("127.0.0.1"));
    EXPECT_FALSE(one->contains("127.0.0.2"));
    auto v6 = Network::parse("2001:db8::/32");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(v6->contains("2001:db8:1::5"));
    for (const char* bad : {"", "10.0.0.0/33", "10.0.0/8", "host.example", "10.0.0.0/x"})
        EXPECT_FALSE(Network::parse(bad)) << bad;
}

TEST(Origin, OnlyExactWebOrigins) {
    for (const char* good : {"https://viewer.example", "http://localhost:8080", "https://[::1]:443",
                             "https://a-b.c.example"})
        EXPECT_TRUE(is_origin(good)) << good;
    for (const char* bad :
         {"", "*", "null", "https://viewer.example/", "https://v.example/path", "ftp://v.example",
          "https://", "https://v.example:", "https://u@v.example", "https://v.example?x",
          "javascript:alert(1)", "https://v.example:123456"})
        EXPECT_FALSE(is_origin(bad)) << bad;
}

TEST(AuthDocuments, ProbeResultCarriesSubstituteOnlyWhenDenied) {
    auto denied = probe_result(401, std::string("https://x/iiif/3/a/substitute"));
    EXPECT_EQ(denied["type"], "AuthProbeResult2");
    EXPECT_EQ(denied["substitute"][0]["type"], "ImageService3");
    EXPECT_TRUE(denied.contains("heading"));
    auto ok = probe_result(200, std::string("https://x/iiif/3/a/substitute"));
    EXPECT_FALSE(ok.contains("substitute"));
    AuthServices s;
    s.probe = "p", s.active_access = "a", s.kiosk_access = "k", s.token = "t", s.logout = "l";
    auto svc = probe_service(s);
    ASSERT_EQ(svc["service"].size(), 2u);
    EXPECT_EQ(svc["service"][0]["profile"], "kiosk");
    EXPECT_EQ(svc["service"][1]["profile"], "active");
    EXPECT_EQ(svc["service"][1]["service"][0]["id"], "t");
}

} // namespace
} // namespace pictor::policy
