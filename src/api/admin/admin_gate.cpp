#include "api/admin/admin_gate.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "http/base_url.h"
#include "http/basic_auth.h"
#include "http/credentials.h"
#include "http/cross_site.h"
#include "http/error_log.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
using beast_http::verb;

Response admin_json(status s, const nlohmann::json& body) {
    return uncacheable_response(s, body.dump(2) + "\n", "application/json");
}

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
    if (!from_another_site(request, trust_proxy_)) return std::nullopt;
    return admin_json(status::forbidden,
                      {{"error", 403}, {"message", "cross-site admin requests are refused"}});
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

Response admin_error(const core::Error& error) {
    log_error("admin", error);
    auto s = error.code == core::ErrorCode::TooLarge ? status::payload_too_large
                                                     : status_for(error.code);
    return admin_json(s, {{"error", static_cast<int>(s)}, {"message", error.message}});
}

} // namespace pictor::api
