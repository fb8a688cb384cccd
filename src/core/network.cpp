#include "core/network.h"

#include <arpa/inet.h>
#include <charconv>

namespace pictor::core {

namespace {

// IPv4 addresses are compared as IPv4; "::ffff:a.b.c.d" counts as a.b.c.d.
bool parse_address(std::string_view text, bool& v6, std::array<unsigned char, 16>& out) {
    std::string s(text);
    if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) s = s.substr(7);
    out.fill(0);
    if (inet_pton(AF_INET, s.c_str(), out.data()) == 1) {
        v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) {
        v6 = true;
        return true;
    }
    return false;
}

} // namespace

Result<Network> Network::parse(std::string_view cidr) {
    Network n;
    auto slash = cidr.find('/');
    if (!parse_address(cidr.substr(0, slash), n.v6_, n.bytes_))
        return Error::bad_request("'" + std::string(cidr) + "' is not an IP network");
    int max = n.v6_ ? 128 : 32;
    n.prefix_ = max;
    if (slash != std::string_view::npos) {
        auto bits = cidr.substr(slash + 1);
        auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), n.prefix_);
        if (ec != std::errc{} || end != bits.data() + bits.size() || n.prefix_ < 0 ||
            n.prefix_ > max)
            return Error::bad_request("'" + std::string(cidr) + "' has a bad prefix length");
    }
    return n;
}

bool Network::contains(std::string_view address) const {
    bool v6 = false;
    std::array<unsigned char, 16> a{};
    if (!parse_address(address, v6, a) || v6 != v6_) return false;
    for (int bit = 0; bit < prefix_; ++bit) {
        int mask = 0x80 >> (bit % 8);
        if ((a[bit / 8] & mask) != (bytes_[bit / 8] & mask)) return false;
    }
    return true;
}

Result<std::vector<Network>> parse_networks(const std::vector<std::string>& items) {
    std::vector<Network> out;
    for (const auto& item : items) {
        auto n = Network::parse(item);
        if (!n) return n.error();
        out.push_back(*n);
    }
    return out;
}

bool any_contains(const std::vector<Network>& networks, std::string_view address) {
    for (const auto& n : networks)
        if (n.contains(address)) return true;
    return false;
}

} // namespace pictor::core
