#pragma once
// Which addresses a remote source may connect to (SSRF defence): public unicast only. Loopback,
// private, link-local (cloud metadata services included), CGNAT, multicast, reserved and
// unspecified addresses, and IPv6 forms that carry an IPv4 address (mapped, compatible,
// NAT64, 6to4, Teredo) are refused unless the operator's allow-list names them. The decision
// is made on the socket address about to be connected, after name resolution, on every hop.
#include <string>
#include <vector>

#include <sys/socket.h>

#include "core/network.h"

namespace pictor::sources {

// True for every address that is not plain public unicast.
bool internal_address(const sockaddr* address);
// "203.0.113.7" / "2001:db8::1"; empty for other families.
std::string address_text(const sockaddr* address);

class AddressGuard {
  public:
    explicit AddressGuard(std::vector<core::Network> allowed = {}) : allowed_(std::move(allowed)) {}

    bool may_connect(const sockaddr* address) const;

  private:
    std::vector<core::Network> allowed_;
};

} // namespace pictor::sources
