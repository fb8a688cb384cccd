#pragma once
// `/`: what this server is (version, libvips), the ways in (one line per dialect, as URL
// patterns: no image is listed, the catalog is not public) and the operator's links
// (OpenAPI, health, readiness, and metrics when they are on this port), the viewer's URL
// pattern and the admin console. Static HTML, no
// scripts, readable on a phone and by a screen reader.
#include <string>

#include "config/config.h"
#include "http/router.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

struct LandingFacts {
    bool metrics_here = true;    // /metrics on this port (not on ops.listen)
    bool admin_api = false;      // admin.user and admin.password are set
    bool ui = false;             // the viewer and console are installed (ui.dir)
    std::string prefix;          // the path prefix of server.public_url ("" or "/images")
    config::ExposeConfig expose; // the dialects offered: only those are listed
};

void register_landing_page(Router& router, const LandingFacts& facts);

} // namespace pictor::api
