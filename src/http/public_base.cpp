#include "http/public_base.h"

#include "core/text.h"

namespace pictor::http {

using core::Error;

namespace {

// A host name, IPv4 address or bracketed IPv6 address, with an optional port: what a Host
// header may hold. Anything else (spaces, '@', '/', a trailing dot) is refused.
bool plain_host_port(std::string_view h) {
    if (h.empty() || h.size() > 255 || h.back() == '.') return false;
    for (char c : h)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
              c == '[' || c == ']'))
            return false;
    return true;
}

// "name:port" -> "name"; "[::1]:8080" -> "[::1]"; "name" -> "name".
std::string_view host_of(std::string_view host_port) {
    if (host_port.starts_with("[")) {
        auto close = host_port.find(']');
        return close == std::string_view::npos ? host_port : host_port.substr(0, close + 1);
    }
    auto colon = host_port.rfind(':');
    return colon == std::string_view::npos ? host_port : host_port.substr(0, colon);
}

} // namespace

core::Result<PublicBase> PublicBase::create(const Url& url,
                                            const std::vector<std::string>& allowed_hosts) {
    PublicBase base;
    if (!url.scheme.empty()) {
        std::string path = url.path;
        while (!path.empty() && path.back() == '/')
            path.pop_back();
        base.prefix_ = path;
        base.fixed_ =
            url.scheme + "://" + url.host + (url.port.empty() ? "" : ":" + url.port) + path;
    }
    for (const auto& entry : allowed_hosts) {
        if (entry == "*") {
            base.any_host_ = true;
            continue;
        }
        if (!plain_host_port(entry))
            return Error::bad_request("server.allowed_hosts: '" + entry +
                                      "' is not a host name, an address or name:port");
        base.hosts_.push_back(core::to_lower(entry));
    }
    if (allowed_hosts.empty()) base.hosts_ = {"localhost", "127.0.0.1", "[::1]"};
    return base;
}

bool PublicBase::allowed(const std::string& host_port) const {
    if (any_host_) return true;
    for (const auto& h : hosts_)
        if (h == host_port || h == host_of(host_port)) return true; // "name" allows any port
    return false;
}

std::optional<std::string> PublicBase::of(const Request& request, bool trusted_proxy) const {
    using beast_http::field;
    if (fixed()) return fixed_;
    // Two Host headers are a request smuggling attempt, never a host (RFC 9112 §3.2).
    auto [first, last] = request.equal_range(field::host);
    if (first == last || std::next(first) != last) return std::nullopt;
    std::string scheme = "http";
    std::string host = core::to_lower(core::trim(first->value()));
    if (trusted_proxy) {
        std::string proto(request["X-Forwarded-Proto"]);
        if (proto == "https" || proto == "http") scheme = proto;
        std::string forwarded(request["X-Forwarded-Host"]);
        if (auto comma = forwarded.find(','); comma != std::string::npos) forwarded.resize(comma);
        forwarded = core::to_lower(core::trim(forwarded));
        if (!forwarded.empty()) host = forwarded;
    }
    if (!plain_host_port(host) || !allowed(host)) return std::nullopt;
    return scheme + "://" + host;
}

} // namespace pictor::http
