#pragma once
// The IIIF Auth services a restricted asset's info.json lists: the Auth 2.0 probe service and
// the Auth 1.0 cookie services, each version as configured (auth.iiif_auth_1/2), with
// absolute URLs under the server's base.
#include <string>

#include <nlohmann/json.hpp>

#include "service/access_service.h"

namespace pictor::service {

struct AuthDescription {
    nlohmann::json services = nlohmann::json::array();
    std::string context; // to add to a 3.0 info.json's @context (Auth 2.0's); may be empty
};

// `raw_identifier` as the client wrote it (the probe's URL ends with it); `image3`: for an
// Image API 3.0 document (2.1 otherwise).
AuthDescription describe_auth(const AccessService& access, const std::string& server_base,
                              const std::string& raw_identifier, bool image3);

} // namespace pictor::service
