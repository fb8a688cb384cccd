#include "http/public_base.h"

#include <memory>

#include <curl/curl.h>

#include "core/text.h"

namespace pictor::http {

using core::Error;

namespace {

struct UrlHandle {
    CURLU* url = curl_url();
    ~UrlHandle() { curl_url_cleanup(url); }
    std::string part(CURLUPart which) const {
        char* value = nullptr;
        if (curl_url_get(url, which, &value, 0) != CURLUE_OK || !value) return {};
        std::string out(value);
        curl_free(value);
        return out;
    }
};

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

core::Result<PublicBase> PublicBase::create(const config::ServerConfig& server) {
    PublicBase base;
    if (!server.public_url.empty()) {
        auto bad = [&](const std::string& why) {
            return Error::bad_request("server.public_url: '" + server.public_url + "' " + why);
        };
        UrlHandle u;
        if (curl_url_set(u.url, CURLUPART_URL, server.public_url.c_str(), 0) != CURLUE_OK)
            return bad("is not a URL");
        std::string scheme = core::to_lower(u.part(CURLUPART_SCHEME));
        if (scheme != "http" && scheme != "https") return bad("is not http(s)://");
        std::string host = core::to_lower(u.part(CURLUPART_HOST));
        if (host.empty()) return bad("names no host");
        if (!u.part(CURLUPART_USER).empty() || !u.part(CURLUPART_QUERY).empty() ||
            !u.part(CURLUPART_FRAGMENT).empty())
            return bad("may hold only a scheme, a host, a port and a path");
        std::string port = u.part(CURLUPART_PORT);
        std::string path = u.part(CURLUPART_PATH);
        while (!path.empty() && path.back() == '/')
            path.pop_back();
        base.prefix_ = path;
        base.fixed_ = scheme + "://" + host + (port.empty() ? "" : ":" + port) + path;
    }
    for (const auto& entry : server.allowed_hosts) {
        if (entry == "*") {
            base.any_host_ = true;
            continue;
        }
        if (!plain_host_port(entry))
            return Error::bad_request("server.allowed_hosts: '" + entry +
                                      "' is not a host name, an address or name:port");
        base.hosts_.push_back(core::to_lower(entry));
    }
    if (server.allowed_hosts.empty()) base.hosts_ = {"localhost", "127.0.0.1", "[::1]"};
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
