// Signed URLs: the algorithm against an independent HMAC (OpenSSL's one-shot EVP_Q_mac is not
// the code under test: url_signature uses HMAC()), then a table of every way a URL can be
// tampered with, each refused.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "policy/url_signature.h"

namespace pictor::policy {
namespace {

constexpr const char* kSecret = "0123456789abcdef-secret";
constexpr std::int64_t kNow = 1'800'000'000;

UrlSignatures keys(std::vector<std::string> list = {std::string("k2=") + kSecret,
                                                    "k1=an-older-secret-16b"}) {
    auto s = UrlSignatures::create(list);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return std::move(*s);
}

std::string base64url(const unsigned char* bytes, std::size_t n) {
    unsigned char out[128];
    int len = EVP_EncodeBlock(out, bytes, static_cast<int>(n));
    std::string s(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
    for (char& c : s)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return s.substr(0, s.find('='));
}

TEST(UrlSignature, MatchesAnIndependentHmacSha256) {
    std::string message = "/api/display/a.jpg?size=300";
    unsigned char mac[32];
    std::size_t n = 0;
    ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, kSecret,
                        std::string(kSecret).size(),
                        reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
                        sizeof mac, &n),
              nullptr);
    EXPECT_EQ(url_signature(kSecret, message), base64url(mac, n));
    EXPECT_EQ(url_signature(kSecret, message).size(), 43u);
    auto signed_url = keys().sign(message);
    ASSERT_TRUE(signed_url);
    EXPECT_EQ(*signed_url, message + "&sig=k2." + base64url(mac, n));
}

TEST(UrlSignature, SignedUrlsVerifyWithEveryListedKey) {
    auto s = keys();
    for (std::string target :
         {"/api/display/a.jpg?size=300", "/v1/file/a.jpg", "/thumb/a%20b.jpg/120px-a%20b.jpg",
          "/imageconverter/getImage/k/jpg?"})
        for (std::string id : {"k2", "k1"}) {
            auto signed_url = s.sign(target, std::nullopt, id);
            ASSERT_TRUE(signed_url);
            EXPECT_TRUE(s.verify(*signed_url, kNow)) << *signed_url;
        }
    auto expiring = s.sign("/api/display/a.jpg", kNow + 60);
    ASSERT_TRUE(expiring);
    EXPECT_TRUE(s.verify(*expiring, kNow));
    EXPECT_FALSE(s.verify(*expiring, kNow + 61));
}

TEST(UrlSignature, EveryTamperingIsRefused) {
    auto s = keys();
    const std::string target = "/api/display/a.jpg?size=300";
    const std::string good = *s.sign(target);
    const std::string sig = good.substr(good.find("sig=") + 4); // "k2.<43>"
    const std::string value = sig.substr(3);
    auto flip = [](std::string v, std::size_t at, char c) {
        v[at] = c;
        return v;
    };
    std::string upper = value, padded = value + "=";
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string standard = value;
    for (char& c : standard)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    const std::string other = *s.sign("/api/display/b.jpg?size=300");
    struct Case {
        std::string name, url;
    };
    std::vector<Case> cases = {
        {"unsigned", target},
        {"no query", "/api/display/a.jpg"},
        {"path changed", "/api/display/b.jpg?size=300&sig=" + sig},
        {"query changed", "/api/display/a.jpg?size=3000&sig=" + sig},
        {"parameter added", target + "&format=png&sig=" + sig},
        {"another path's signature", target + "&sig=" + other.substr(other.find("sig=") + 4)},
        {"first character", target + "&sig=k2." + flip(value, 0, value[0] == 'A' ? 'B' : 'A')},
        {"last character", target + "&sig=k2." + flip(value, 42, value[42] == 'A' ? 'B' : 'A')},
        {"digit", target + "&sig=k2." + flip(value, 20, value[20] == '0' ? '1' : '0')},
        {"punctuation", target + "&sig=k2." + flip(value, 10, value[10] == '-' ? '_' : '-')},
        {"non-ASCII", target + "&sig=k2." + flip(value, 5, '\xC3')},
        {"truncated", target + "&sig=k2." + value.substr(0, 42)},
        {"empty", target + "&sig=k2."},
        {"extended", target + "&sig=k2." + value + "A"},
        {"padded", target + "&sig=k2." + padded},
        {"upper case", upper == value ? target : target + "&sig=k2." + upper},
        {"standard base64", standard == value ? target : target + "&sig=k2." + standard},
        {"no key id", target + "&sig=" + value},
        {"unknown key id", target + "&sig=k9." + value},
        {"other key's id", target + "&sig=k1." + value},
        {"doubled", good + "&sig=" + sig},
        {"doubled before", target + "&sig=" + sig + "&sig=" + sig},
        {"moved first", "/api/display/a.jpg?sig=" + sig + "&size=300"},
        {"moved into the path", "/api/display/sig=" + sig + "/a.jpg?size=300"},
        {"empty name", target + "&sig"},
        {"expired", *s.sign(target, kNow - 1)},
        {"expiry changed",
         [&] {
             std::string e = *s.sign(target, kNow + 10);
             return e.replace(e.find("expires=") + 8, 10, std::to_string(kNow + 999999));
         }()},
    };
    for (const auto& c : cases) {
        auto r = s.verify(c.url, kNow);
        EXPECT_FALSE(r) << c.name << ": " << c.url;
        if (!r) {
            EXPECT_EQ(r.error().code, core::ErrorCode::Forbidden) << c.name;
        }
    }
    // A key removed from the configuration (rotated out) verifies nothing any more.
    auto rotated = keys({"k3=a-brand-new-secret-key"});
    EXPECT_FALSE(rotated.verify(good, kNow));
}

TEST(UrlSignature, BadKeyListsAreRefusedNamingTheEntry) {
    for (std::string bad : {"nokey", "=0123456789abcdef0", "k.1=0123456789abcdef0", "k1=short"}) {
        auto r = UrlSignatures::create({bad});
        EXPECT_FALSE(r) << bad;
    }
    EXPECT_FALSE(UrlSignatures::create({"k1=0123456789abcdef0", "k1=0123456789abcdef1"}));
    EXPECT_FALSE(keys().sign("/a?x=1&sig=k2.abc")); // signed already
}

} // namespace
} // namespace pictor::policy
