#include "sources/address_guard.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace pictor::sources {
namespace {

struct Block {
    std::uint32_t base;
    int bits;
};

// IANA special-purpose IPv4 blocks (RFC 6890 and successors) plus multicast and reserved.
constexpr std::array<Block, 16> kInternalV4{{
    {0x00000000, 8},  // "this network", 0.0.0.0
    {0x0A000000, 8},  // 10/8 private
    {0x64400000, 10}, // 100.64/10 CGNAT
    {0x7F000000, 8},  // 127/8 loopback
    {0xA9FE0000, 16}, // 169.254/16 link-local, cloud metadata (169.254.169.254)
    {0xAC100000, 12}, // 172.16/12 private
    {0xC0000000, 24}, // 192.0.0/24 IETF protocol assignments
    {0xC0000200, 24}, // 192.0.2/24 documentation
    {0xC0586300, 24}, // 192.88.99/24 6to4 relay anycast
    {0xC0A80000, 16}, // 192.168/16 private
    {0xC6120000, 15}, // 198.18/15 benchmarking
    {0xC6336400, 24}, // 198.51.100/24 documentation
    {0xCB007100, 24}, // 203.0.113/24 documentation
    {0xE0000000, 4},  // 224/4 multicast
    {0xF0000000, 4},  // 240/4 reserved, 255.255.255.255 broadcast
    {0xFFFFFFFF, 32},
}};

bool internal_v4(std::uint32_t a) {
    for (const auto& b : kInternalV4) {
        std::uint32_t mask = b.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - b.bits);
        if ((a & mask) == (b.base & mask)) return true;
    }
    return false;
}

bool starts_with(const unsigned char* a, std::initializer_list<unsigned char> prefix, int bits) {
    int i = 0;
    for (unsigned char byte : prefix) {
        int take = std::min(8, bits - 8 * i);
        if (take <= 0) break;
        unsigned char mask = static_cast<unsigned char>(0xFF << (8 - take));
        if ((a[i] & mask) != (byte & mask)) return false;
        ++i;
    }
    return true;
}

bool internal_v6(const unsigned char* a) {
    static const unsigned char zero[16] = {};
    // ::/96 covers :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible form.
    if (std::memcmp(a, zero, 12) == 0) return true;
    // ::ffff:0:0/96 IPv4-mapped; ::ffff:0:0:0/96 IPv4-translated (RFC 2765).
    if (std::memcmp(a, zero, 10) == 0 && a[10] == 0xFF && a[11] == 0xFF) return true;
    if (std::memcmp(a, zero, 8) == 0 && a[8] == 0xFF && a[9] == 0xFF && a[10] == 0 && a[11] == 0)
        return true;
    return starts_with(a, {0x00, 0x64, 0xFF, 0x9B}, 32) || // 64:ff9b::/96 and /48 NAT64
           starts_with(a, {0x01, 0x00}, 16) ||             // 100::/64 discard
           starts_with(a, {0x20, 0x01, 0x00, 0x00}, 32) || // 2001::/32 Teredo
           starts_with(a, {0x20, 0x01, 0x0D, 0xB8}, 32) || // 2001:db8::/32 documentation
           starts_with(a, {0x20, 0x02}, 16) ||             // 2002::/16 6to4
           starts_with(a, {0xFC}, 7) ||                    // fc00::/7 unique local (fd00:ec2::254)
           starts_with(a, {0xFE, 0x80}, 10) ||             // fe80::/10 link-local
           starts_with(a, {0xFE, 0xC0}, 10) ||             // fec0::/10 site-local (deprecated)
           starts_with(a, {0xFF}, 8);                      // ff00::/8 multicast
}

} // namespace

bool internal_address(const sockaddr* address) {
    if (!address) return true;
    if (address->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(address);
        return internal_v4(ntohl(in->sin_addr.s_addr));
    }
    if (address->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
        return internal_v6(in6->sin6_addr.s6_addr);
    }
    return true; // Unix sockets and anything else: never
}

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address && address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text,
                  sizeof text);
    else if (address && address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
                  sizeof text);
    return text;
}

bool AddressGuard::may_connect(const sockaddr* address) const {
    if (!address || (address->sa_family != AF_INET && address->sa_family != AF_INET6)) return false;
    if (!internal_address(address)) return true;
    return core::any_contains(allowed_, address_text(address));
}

} // namespace pictor::sources
