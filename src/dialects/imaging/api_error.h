#pragma once
// The imaging endpoint's errors (Wedia's imaging API): an HTTP status, the API code Wedia gives it
// and a message, answered as {"status", "code", "message"}. api_error() is the dialect's error
// table: core::Error (code + subject) -> Wedia's status and code.
#include <string>

#include "core/error.h"

namespace pictor::dialects::imaging {

struct ApiError {
    int status = 500;
    std::string code; // "404/1100"
    std::string message;
};

// `wedia_codes` (imaging.wedia_error_codes): a command set, preset or transform that cannot be
// read is Wedia's 500/1100 ("error with command, preset or image") instead of pictor's 400/1103.
ApiError api_error(const core::Error& error, bool wedia_codes = false);

// The catalog switched off by configuration.
inline ApiError catalog_forbidden(const std::string& m) { return {403, "403/601", m}; }

} // namespace pictor::dialects::imaging
