#pragma once
// The imaging endpoint's errors (seed 004): an HTTP status, the API code the seed gives it and a
// message, answered as {"status", "code", "message"}.
#include <string>

namespace pictor::dialects::imaging {

struct ApiError {
    int status = 500;
    std::string code; // "404/1100"
    std::string message;

    static ApiError unknown_action(const std::string& m) { return {404, "404/1100", m}; }
    static ApiError forbidden_action(const std::string& m) { return {403, "403/1100", m}; }
    static ApiError misconfigured(const std::string& m) { return {422, "422/1100", m}; }
    static ApiError resource_not_found(const std::string& m) { return {422, "422/1101", m}; }
    static ApiError forbidden(const std::string& m) { return {403, "403/1102", m}; }
    static ApiError malformed_transform(const std::string& m) { return {400, "400/1103", m}; }
    static ApiError processing(const std::string& m) { return {500, "500/1100", m}; }
    static ApiError busy(const std::string& m) { return {503, "503/1100", m}; }
    static ApiError catalog_forbidden(const std::string& m) { return {403, "403/601", m}; }
};

} // namespace pictor::dialects::imaging
