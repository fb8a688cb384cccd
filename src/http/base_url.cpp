#include "http/base_url.h"

#include <cctype>

namespace pictor::http {
namespace {

// Host names are echoed into answers; anything but a plain host[:port] is not trusted.
bool plausible_host(std::string_view h) {
    if (h.empty() || h.size() > 255) return false;
    for (char c : h)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
              c == '[' || c == ']'))
            return false;
    return true;
}

} // namespace

std::string base_url(const Request& req, bool trust_proxy) {
    using beast_http::field;
    std::string scheme = "http";
    std::string host(req[field::host]);
    if (trust_proxy) {
        std::string proto(req["X-Forwarded-Proto"]);
        if (proto == "https" || proto == "http") scheme = proto;
        std::string fwd_host(req["X-Forwarded-Host"]);
        if (auto comma = fwd_host.find(','); comma != std::string::npos) fwd_host.resize(comma);
        if (plausible_host(fwd_host)) host = fwd_host;
    }
    if (!plausible_host(host)) host = "localhost";
    return scheme + "://" + host;
}

} // namespace pictor::http
