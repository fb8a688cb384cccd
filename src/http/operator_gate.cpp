#include "http/operator_gate.h"

#include "http/basic_auth.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::status;

std::optional<Response> ops_refusal(const Request& request, const config::ServerConfig& server) {
    if (server.ops_user.empty() ||
        basic_auth_matches(request, server.ops_user, server.ops_password))
        return std::nullopt;
    Response res = text_error(status::unauthorized, "the operator pages need credentials");
    res.set(beast_http::field::www_authenticate, "Basic realm=\"pictor operations\"");
    mark_uncacheable(res);
    return res;
}

} // namespace pictor::http
