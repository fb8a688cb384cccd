#include "app/public_url.h"

#include <curl/curl.h>

#include "core/text.h"

namespace pictor::app {

namespace {

struct ParsedUrl {
    CURLU* url = curl_url();
    ~ParsedUrl() { curl_url_cleanup(url); }
    std::string part(CURLUPart which) const {
        char* value = nullptr;
        if (curl_url_get(url, which, &value, 0) != CURLUE_OK || !value) return {};
        std::string out(value);
        curl_free(value);
        return out;
    }
};

} // namespace

core::Result<http::PublicBase> public_base_of(const config::ServerConfig& server) {
    http::PublicBase::Url parts;
    if (!server.public_url.empty()) {
        auto bad = [&](const std::string& why) {
            return core::Error::bad_request("server.public_url: '" + server.public_url + "' " +
                                            why);
        };
        ParsedUrl u;
        if (curl_url_set(u.url, CURLUPART_URL, server.public_url.c_str(), 0) != CURLUE_OK)
            return bad("is not a URL");
        parts.scheme = core::to_lower(u.part(CURLUPART_SCHEME));
        if (parts.scheme != "http" && parts.scheme != "https") return bad("is not http(s)://");
        parts.host = core::to_lower(u.part(CURLUPART_HOST));
        if (parts.host.empty()) return bad("names no host");
        if (!u.part(CURLUPART_USER).empty() || !u.part(CURLUPART_QUERY).empty() ||
            !u.part(CURLUPART_FRAGMENT).empty())
            return bad("may hold only a scheme, a host, a port and a path");
        parts.port = u.part(CURLUPART_PORT);
        parts.path = u.part(CURLUPART_PATH);
    }
    return http::PublicBase::create(parts, server.allowed_hosts);
}

} // namespace pictor::app
