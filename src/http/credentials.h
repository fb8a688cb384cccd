#pragma once
// What a request carries that the access policy looks at: the session cookie and the client's
// address (RequestContext::client_address: see ClientAddresses), and a bearer token.
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"
#include "service/access_service.h"

namespace pictor::http {

// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name);
service::Credentials credentials(const RequestContext& ctx, std::string_view cookie_name);
// The token of "Authorization: Bearer <token>", or nothing.
std::optional<std::string> bearer_token(const Request& request);

} // namespace pictor::http
