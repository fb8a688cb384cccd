#pragma once
// The operator pages (/metrics, /readyz, the converter's status) share one gate: Basic
// credentials when ops.user is set. Every handler that serves such a page asks here.
#include <optional>

#include "config/config.h"
#include "http/types.h"

namespace pictor::http {

// 401 (with a Basic challenge) when operator credentials are configured and the request does
// not carry them; nothing when it may see the operator pages.
std::optional<Response> ops_refusal(const Request& request, const config::ServerConfig& server);

} // namespace pictor::http
