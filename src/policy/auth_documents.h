#pragma once
// The JSON documents of IIIF Authorization Flow 2.0 (https://iiif.io/api/auth/2.0/): the service
// descriptions nested in info.json, the probe result, and the token service's messages.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pictor::policy {

inline constexpr const char* kAuthContext = "http://iiif.io/api/auth/2/context.json";

// What the access services say to a person (the configuration's auth.login_*, clickthrough_*).
struct AccessWords {
    std::string login_label, login_heading, login_note;
    std::string clickthrough_label, clickthrough_heading, clickthrough_terms;
};

// Where the services live and what they say; every URL is absolute.
struct AuthServices {
    std::string probe;               // this asset's probe service
    std::string active_access;       // the login page
    std::string kiosk_access;        // empty = no kiosk service
    std::string clickthrough_access; // empty = no clickthrough service (an `active` one)
    std::string external_access;     // empty = no external service
    std::string token;               // the access token service
    std::string logout;              // the logout service
    AccessWords words;
};

// {"id": probe, "type": "AuthProbeService2", "service": [access services...]}; the access
// services are listed external, kiosk, active (login, then clickthrough), each with the token
// and logout services. Every service also carries a `profile`, which Auth 2.0 does not need
// but Auth 1.0 clients read from every service they find (Mirador 4 fails without one).
nlohmann::json probe_service(const AuthServices& services);

// AuthProbeResult2. `substitute` is the id of a degraded image service, only for a denial.
nlohmann::json probe_result(int status, const std::optional<std::string>& substitute = {});

nlohmann::json token_message(std::string_view message_id, std::string_view token, int expires_in_s);
// `profile`: invalidRequest, invalidOrigin, missingAspect, invalidAspect, expiredAspect,
// unavailable.
nlohmann::json token_error(std::string_view message_id, std::string_view profile,
                           std::string_view heading, std::string_view note);

// A web origin exactly: "http(s)://host[:port]", no path, query, user info or trailing slash.
bool is_origin(std::string_view origin);

} // namespace pictor::policy
