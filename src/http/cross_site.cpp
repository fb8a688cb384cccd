#include "http/cross_site.h"

#include "core/text.h"
#include "http/base_url.h"

namespace pictor::http {

using beast_http::field;
using beast_http::verb;

namespace {

// host[:port] of an origin or base URL ("https://a.example:8443" -> "a.example:8443"); empty
// for anything else ("null").
std::string_view authority(std::string_view url) {
    auto scheme_end = url.find("://");
    return scheme_end == std::string_view::npos ? std::string_view() : url.substr(scheme_end + 3);
}

} // namespace

bool from_another_site(const Request& request, bool trust_proxy) {
    auto method = request.method();
    if (method == verb::get || method == verb::head || method == verb::options) return false;
    if (auto site = request.find("Sec-Fetch-Site"); site != request.end())
        if (site->value() != "same-origin" && site->value() != "none") return true;
    // Hosts are compared, not schemes: behind a TLS proxy without server.trust_proxy the page's
    // origin is https:// while this server sees http://, and that is still this site.
    if (auto origin = request.find(field::origin); origin != request.end()) {
        std::string base = base_url(request, trust_proxy);
        auto own = authority(base);
        auto theirs = authority(origin->value());
        if (theirs.empty() || core::to_lower(theirs) != core::to_lower(own)) return true;
    }
    return false;
}

} // namespace pictor::http
