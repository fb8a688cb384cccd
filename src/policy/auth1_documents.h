#pragma once
// The JSON documents of IIIF Authentication 1.0 (https://iiif.io/api/auth/1.0/), which Mirador
// 3/4 and the Universal Viewer speak: the cookie services (login, clickthrough, kiosk,
// external) with their token and logout services as info.json lists them, and the token
// service's answers.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "policy/auth_documents.h"

namespace pictor::policy {

inline constexpr const char* kAuth1Context = "http://iiif.io/api/auth/1/context.json";

// Where the services live and what they say; every URL is absolute, an empty one is not offered.
struct Auth1Services {
    std::string login, clickthrough, kiosk, external;
    std::string token, logout;
    AccessWords words;
};

// The cookie services, external and kiosk first (clients try those without interaction),
// each with the token and logout services. `image3`: as Image API 3.0 lists them (`@type`
// AuthCookieService1, the context is the image's); otherwise as 2.1 does (each service with
// the Auth 1.0 `@context`).
nlohmann::json auth1_services(const Auth1Services& services, bool image3);

// The token service's success: {"accessToken", "expiresIn"} and, for a browser client, the
// `messageId` it sent (empty = a JSON answer to a non-browser client).
nlohmann::json auth1_token(std::string_view message_id, std::string_view token, int expires_in_s);
// Its error: `error` is invalidRequest, missingCredentials, invalidCredentials, invalidOrigin
// or unavailable.
nlohmann::json auth1_token_error(std::string_view message_id, std::string_view error,
                                 std::string_view description);

} // namespace pictor::policy
