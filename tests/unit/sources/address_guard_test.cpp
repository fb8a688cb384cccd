// The SSRF guard's address classes: every special-purpose block is internal, public unicast is
// not, and the operator's allow-list reopens exactly what it names. Plus the URL checks the
// origin client makes on the parsed host.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "sources/address_guard.h"
#include "sources/origin_client.h"

namespace pictor::sources {
namespace {

sockaddr_storage address(const std::string& text) {
    sockaddr_storage s{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&s);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&s);
    if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
    } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
    } else {
        ADD_FAILURE() << "bad test address " << text;
    }
    return s;
}

bool internal(const std::string& text) {
    auto s = address(text);
    return internal_address(reinterpret_cast<const sockaddr*>(&s));
}

TEST(AddressGuard, SpecialPurposeAddressesAreInternal) {
    for (const char* a : {"0.0.0.0",
                          "0.1.2.3",
                          "10.0.0.1",
                          "100.64.0.1",
                          "100.127.255.254",
                          "127.0.0.1",
                          "127.255.255.254",
                          "169.254.169.254",
                          "172.16.0.1",
                          "172.31.255.255",
                          "192.0.0.8",
                          "192.0.2.1",
                          "192.168.1.1",
                          "198.18.0.1",
                          "198.51.100.2",
                          "203.0.113.9",
                          "224.0.0.1",
                          "239.255.255.250",
                          "240.0.0.1",
                          "255.255.255.255",
                          "::",
                          "::1",
                          "::127.0.0.1",
                          "::ffff:127.0.0.1",
                          "::ffff:8.8.8.8",
                          "::ffff:0:7f00:1",
                          "64:ff9b::7f00:1",
                          "64:ff9b:1::1",
                          "100::1",
                          "2001::1",
                          "2001:db8::1",
                          "2002:7f00:1::",
                          "fc00::1",
                          "fd00:ec2::254",
                          "fe80::1",
                          "fec0::1",
                          "ff02::1"})
        EXPECT_TRUE(internal(a)) << a;
}

TEST(AddressGuard, PublicUnicastIsNot) {
    for (const char* a : {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255",
                          "172.32.0.0", "192.169.0.1", "198.20.0.1", "223.255.255.254",
                          "2606:4700:4700::1111", "2a00:1450:4001::1", "2001:4860::8888"})
        EXPECT_FALSE(internal(a)) << a;
}

TEST(AddressGuard, TheAllowListReopensWhatItNames) {
    AddressGuard guard({*core::Network::parse("127.0.0.1/32"), *core::Network::parse("fd00::/8")});
    auto may = [&](const std::string& a) {
        auto s = address(a);
        return guard.may_connect(reinterpret_cast<const sockaddr*>(&s));
    };
    EXPECT_TRUE(may("127.0.0.1"));
    EXPECT_FALSE(may("127.0.0.2"));
    EXPECT_TRUE(may("fd00::5"));
    EXPECT_FALSE(may("fc00::5"));
    EXPECT_TRUE(may("93.184.216.34"));
    sockaddr unix_socket{};
    unix_socket.sa_family = AF_UNIX;
    EXPECT_FALSE(guard.may_connect(&unix_socket));
}

TEST(OriginUrls, HostsAreComparedAsParsed) {
    struct Row {
        const char* url;
        const char* host; // nullptr: refused
    };
    for (auto r :
         {Row{"https://Images.Example.ORG/a.jpg", "images.example.org"},
          Row{"http://images.example.org./a.jpg", "images.example.org"},
          Row{"http://images.example.org:8080/a.jpg", "images.example.org"},
          Row{"http://[2001:db8::1]/a.jpg", "[2001:db8::1]"},
          Row{"http://user@images.example.org/a.jpg", nullptr},
          Row{"http://user:pw@images.example.org/a.jpg", nullptr},
          Row{"http://images.example.org\\@evil.example/a.jpg", nullptr},
          Row{"ftp://images.example.org/a.jpg", nullptr}, Row{"file:///etc/passwd", nullptr},
          Row{"gopher://x/", nullptr}, Row{"not a url", nullptr}}) {
        auto h = OriginClient::checked_host(r.url);
        if (r.host) {
            ASSERT_TRUE(h) << r.url << " " << h.error().message;
            EXPECT_EQ(*h, r.host) << r.url;
        } else {
            EXPECT_FALSE(h) << r.url;
        }
    }
    OriginClient client(AddressGuard(), {}, {"images.example.org", "*.cdn.example.net"});
    EXPECT_TRUE(client.host_allowed("images.example.org"));
    EXPECT_TRUE(client.host_allowed("a.cdn.example.net"));
    EXPECT_FALSE(client.host_allowed("cdn.example.net"));
    EXPECT_FALSE(client.host_allowed("evilcdn.example.net"));
    EXPECT_FALSE(client.host_allowed("images.example.org.evil.example"));
}

} // namespace
} // namespace pictor::sources
