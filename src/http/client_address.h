#pragma once
// Who the client is, when proxies stand in front (server.trust_proxy): the first address from
// the right of X-Forwarded-For that is not a trusted proxy (server.trusted_proxies; empty = the
// connecting peer only). Entries left of it are whatever the client wrote and are never
// believed, so `X-Forwarded-For: 10.9.9.9` sent through a normal proxy does not make anyone a
// kiosk. Without trust_proxy, or when the peer is not a trusted proxy, the client is the peer.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/network.h"
#include "core/result.h"
#include "http/types.h"

namespace pictor::http {

class ClientAddresses {
  public:
    // Fails, naming server.trusted_proxies, when a CIDR does not parse.
    static core::Result<ClientAddresses> create(const config::ServerConfig& config);

    std::string client(const Request& request, std::string_view peer) const;
    // Whether the peer's X-Forwarded-* headers are believed (trust_proxy and a trusted peer).
    bool from_trusted_proxy(std::string_view peer) const { return trust_ && trusted(peer, peer); }

  private:
    bool trusted(std::string_view address, std::string_view peer) const;

    bool trust_ = false;
    std::vector<core::Network> proxies_;
};

} // namespace pictor::http
