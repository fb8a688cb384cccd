#pragma once
// The base of every absolute URL pictor writes (IIIF ids, Link headers, redirects, listings,
// auth services, manifests): server.public_url when set, whatever Host the request names;
// otherwise the request's own host, but only a host this server answers for
// (server.allowed_hosts; loopback names by default), so a forged Host can never reach an
// answer, let alone a shared cache. The base is decided once per request (http::Session).
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/types.h"

namespace pictor::http {

class PublicBase {
  public:
    // The parts of server.public_url (parsed by app/public_url with libcurl's URL parser);
    // an empty scheme: no public_url.
    struct Url {
        std::string scheme, host, port, path;
    };
    // Fails, naming server.allowed_hosts, for an entry that is not a host name, an address,
    // name:port or "*".
    static core::Result<PublicBase> create(const Url& public_url,
                                           const std::vector<std::string>& allowed_hosts);

    // "scheme://host[:port][/prefix]", or nothing when the request's host is not answered
    // here. `trusted_proxy`: the peer's X-Forwarded-Proto/-Host are believed.
    std::optional<std::string> of(const Request& request, bool trusted_proxy) const;
    // True when public_url is set: no answer depends on the Host header.
    bool fixed() const { return !fixed_.empty(); }
    // The path prefix of public_url ("" or "/images"), for links relative to the host.
    const std::string& prefix() const { return prefix_; }

  private:
    bool allowed(const std::string& host_port) const;

    std::string fixed_;  // public_url without a trailing slash
    std::string prefix_; // its path
    bool any_host_ = false;
    std::vector<std::string> hosts_; // lower case, "name" or "name:port"
};

} // namespace pictor::http
