// Who the client is behind proxies: X-Forwarded-For read from the right, trusting only the
// configured proxies (or the connecting peer alone).
#include <gtest/gtest.h>

#include "http/client_address.h"

namespace pictor::http {
namespace {

struct Case {
    bool trust;
    std::vector<std::string> proxies;
    const char* peer;
    std::vector<std::string> forwarded; // X-Forwarded-For headers, in order
    const char* client;
};

const Case kCases[] = {
    // No trust: the peer, whatever the headers say.
    {false, {}, "203.0.113.7", {"10.9.9.9"}, "203.0.113.7"},
    // The peer is the proxy: its own entry (the right-most) is the client; the rest is the
    // client's own writing.
    {true, {}, "127.0.0.1", {"10.9.9.9, 203.0.113.7"}, "203.0.113.7"},
    {true, {}, "127.0.0.1", {"203.0.113.7"}, "203.0.113.7"},
    {true, {}, "127.0.0.1", {}, "127.0.0.1"},
    {true, {}, "127.0.0.1", {"10.9.9.9", "203.0.113.7"}, "203.0.113.7"}, // two headers, one list
    {true, {}, "127.0.0.1", {"203.0.113.7, "}, "203.0.113.7"},           // empty entries skipped
    // A chain of trusted proxies is walked from the right.
    {true,
     {"127.0.0.1/32", "192.0.2.0/24"},
     "127.0.0.1",
     {"10.9.9.9, 198.51.100.4, 192.0.2.5"},
     "198.51.100.4"},
    {true, {"127.0.0.1/32", "192.0.2.0/24"}, "127.0.0.1", {"192.0.2.9, 192.0.2.5"}, "192.0.2.9"},
    // A peer that is not a trusted proxy cannot speak for anyone.
    {true, {"192.0.2.0/24"}, "127.0.0.1", {"10.9.9.9"}, "127.0.0.1"},
    {true, {"::1/128"}, "::1", {"2001:db8::7"}, "2001:db8::7"},
    // Garbage is the client, and matches no network.
    {true, {}, "127.0.0.1", {"10.9.9.9, not-an-address"}, "not-an-address"},
};

class ClientAddressTable : public ::testing::TestWithParam<Case> {};

TEST_P(ClientAddressTable, FirstUntrustedFromTheRight) {
    const Case& c = GetParam();
    config::ServerConfig config;
    config.trust_proxy = c.trust;
    config.trusted_proxies = c.proxies;
    auto clients = ClientAddresses::create(config);
    ASSERT_TRUE(clients);
    Request request;
    for (const auto& f : c.forwarded)
        request.insert("X-Forwarded-For", f);
    EXPECT_EQ(clients->client(request, c.peer), c.client);
}

INSTANTIATE_TEST_SUITE_P(Proxies, ClientAddressTable, ::testing::ValuesIn(kCases));

TEST(ClientAddresses, ABadProxyNetworkIsRefusedByName) {
    config::ServerConfig config;
    config.trusted_proxies = {"10.0.0.0/33"};
    auto clients = ClientAddresses::create(config);
    ASSERT_FALSE(clients);
    EXPECT_NE(clients.error().message.find("server.trusted_proxies"), std::string::npos);
}

} // namespace
} // namespace pictor::http
