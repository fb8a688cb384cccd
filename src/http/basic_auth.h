#pragma once
// HTTP Basic credentials (RFC 7617) checked against one configured user, in constant time.
#include <string>
#include <string_view>

#include "http/types.h"

namespace pictor::http {

// "user:password" from "Authorization: Basic <base64>", or empty when absent or malformed.
std::string basic_credentials(const Request& request);
bool basic_auth_matches(const Request& request, std::string_view user, std::string_view password);

} // namespace pictor::http
