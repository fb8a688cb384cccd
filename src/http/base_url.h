#pragma once
// "scheme://host[:port]" as the client reached the server: the Host header, or the trusted
// proxy's X-Forwarded-Proto / X-Forwarded-Host. Only the cross-site check compares a page's
// Origin with it; URLs in answers start with the base http::PublicBase decides (and checks).
#include <string>

#include "http/types.h"

namespace pictor::http {

std::string base_url(const Request& request, bool trust_proxy);

} // namespace pictor::http
