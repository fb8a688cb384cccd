#include "http/client_address.h"

#include "core/text.h"

namespace pictor::http {

core::Result<ClientAddresses> ClientAddresses::create(const config::ServerConfig& config) {
    ClientAddresses c;
    c.trust_ = config.trust_proxy;
    auto proxies = core::parse_networks(config.trusted_proxies);
    if (!proxies)
        return core::Error::bad_request("server.trusted_proxies: " + proxies.error().message);
    c.proxies_ = std::move(*proxies);
    return c;
}

bool ClientAddresses::trusted(std::string_view address, std::string_view peer) const {
    if (proxies_.empty()) return address == peer;
    return core::any_contains(proxies_, address);
}

std::string ClientAddresses::client(const Request& request, std::string_view peer) const {
    if (!trust_ || !trusted(peer, peer)) return std::string(peer);
    // Every X-Forwarded-For header, in order, as one list (RFC 9110 §5.3).
    std::vector<std::string_view> hops;
    auto [first, last] = request.equal_range("X-Forwarded-For");
    for (auto it = first; it != last; ++it) {
        std::string_view list = it->value();
        while (!list.empty()) {
            auto comma = list.find(',');
            if (auto hop = core::trim(list.substr(0, comma)); !hop.empty()) hops.push_back(hop);
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        }
    }
    std::string client(peer);
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        client = std::string(*hop);
        // Only the peer itself is trusted when no proxies are listed: its entry is the client.
        if (proxies_.empty() || !core::any_contains(proxies_, *hop)) break;
    }
    return client;
}

} // namespace pictor::http
