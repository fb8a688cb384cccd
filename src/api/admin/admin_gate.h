#pragma once
// Who may use the admin API (/admin/): admin.user's HTTP Basic credentials (scripts, the CLI)
// or an admin console sign-in's bearer token. Checked on the request header, before a body is
// read. A state-changing request a browser sent from another site is refused whatever it
// carries: that is how a forged form or script would arrive (CSRF).
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/admin/console_sessions.h"
#include "config/config.h"
#include "http/types.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class AdminGate {
  public:
    AdminGate(const config::AdminConfig& admin, const ConsoleSessions& sessions, bool trust_proxy);

    // Nothing when the request may go on; 401 or 403 otherwise.
    std::optional<Response> refusal(const Request& request) const;
    // 403 for a POST, PUT, DELETE … whose Origin is not this server's or that the browser
    // marks as sent from another site (Sec-Fetch-Site); clients that send neither pass.
    std::optional<Response> cross_site_refusal(const Request& request) const;

  private:
    bool basic_matches(const Request& request) const;

    config::AdminConfig admin_;
    const ConsoleSessions& sessions_;
    bool trust_proxy_;
};

// A JSON body {"error": status, "message": ...}, never cached: the admin API's answers.
Response admin_json(beast_http::status status, const nlohmann::json& body);
// 204, never cached: a change the admin API made.
Response admin_no_content();
// {"error": status, "message": ...}, never cached; logged.
Response admin_error(const core::Error& error);

} // namespace pictor::api
