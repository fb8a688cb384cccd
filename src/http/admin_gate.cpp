#include "http/admin_gate.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "http/base_url.h"
#include "http/basic_auth.h"
#include "http/credentials.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;
using beast_http::verb;

Response admin_json(status s, const nlohmann::json& body) {
    return uncacheable_response(s, body.dump(2) + "\n", "application/json");
}

namespace {

// host[:port] of an origin or base URL ("https://a.example:8443" -> "a.example:8443"); empty
// for anything else ("null").
std::string_view authority(std::string_view url) {
    auto scheme_end = url.find("://");
    return scheme_end == std::string_view::npos ? std::string_view() : url.substr(scheme_end + 3);
}

} // namespace

Response admin_no_content() {
    Response res{status::no_content, 11};
    mark_uncacheable(res);
    res.prepare_payload();
    return res;
}

AdminGate::AdminGate(const config::AdminConfig& admin, const ConsoleSessions& sessions,
                     bool trust_proxy)
    : admin_(admin), sessions_(sessions), trust_proxy_(trust_proxy) {}

bool AdminGate::basic_matches(const Request& request) const {
    return !admin_.user.empty() && !admin_.password.empty() &&
           basic_auth_matches(request, admin_.user, admin_.password);
}

std::optional<Response> AdminGate::cross_site_refusal(const Request& request) const {
    auto method = request.method();
    if (method == verb::get || method == verb::head || method == verb::options) return std::nullopt;
    auto refuse = [] {
        return admin_json(status::forbidden,
                          {{"error", 403}, {"message", "cross-site admin requests are refused"}});
    };
    if (auto site = request.find("Sec-Fetch-Site"); site != request.end())
        if (site->value() != "same-origin" && site->value() != "none") return refuse();
    // Hosts are compared, not schemes: behind a TLS proxy without server.trust_proxy the page's
    // origin is https:// while this server sees http://, and that is still this site.
    if (auto origin = request.find(field::origin); origin != request.end()) {
        std::string base = base_url(request, trust_proxy_);
        auto own = authority(base);
        auto theirs = authority(origin->value());
        if (theirs.empty() || core::to_lower(theirs) != core::to_lower(own)) return refuse();
    }
    return std::nullopt;
}

std::optional<Response> AdminGate::refusal(const Request& request) const {
    if (auto refused = cross_site_refusal(request)) return refused;
    auto token = bearer_token(request);
    if (token && sessions_.user(*token)) return std::nullopt;
    if (!token && basic_matches(request)) return std::nullopt;
    Response res = admin_json(status::unauthorized,
                              {{"error", 401},
                               {"message", token ? "the console sign-in has ended; sign in again"
                                                 : "admin credentials required"}});
    // The console (a bearer token) gets no Basic challenge: a browser would open its own
    // password dialog over the console's sign-in form.
    res.set(field::www_authenticate, token ? "Bearer realm=\"pictor admin\""
                                           : "Basic realm=\"pictor admin\", charset=\"UTF-8\"");
    return res;
}

} // namespace pictor::http
