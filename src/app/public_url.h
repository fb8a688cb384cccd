#pragma once
// server.public_url and server.allowed_hosts as the HTTP layer uses them (http::PublicBase):
// the URL is parsed here with libcurl's URL parser (libcurl belongs to sources/ and app/).
#include "config/config.h"
#include "core/result.h"
#include "http/public_base.h"

namespace pictor::app {

// Fails, naming the setting, for a public_url that is not http(s)://host[:port][/prefix]
// (no user, query or fragment) or an allowed host that is not a host name or address.
core::Result<http::PublicBase> public_base_of(const config::ServerConfig& server);

} // namespace pictor::app
