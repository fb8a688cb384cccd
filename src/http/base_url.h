#pragma once
// "scheme://host[:port]" as the client reached the server: the Host header, or the trusted
// proxy's X-Forwarded-Proto / X-Forwarded-Host. URLs in JSON answers (IIIF ids, thumbnail
// lists) start with it.
#include <string>

#include "http/types.h"

namespace pictor::http {

std::string base_url(const Request& request, bool trust_proxy);

} // namespace pictor::http
