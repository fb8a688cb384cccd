#pragma once
// Small helpers to build responses, and the one mapping from ErrorCode to HTTP status.
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/types.h"

namespace pictor::http {

Response make_response(beast_http::status status, std::string body, std::string_view content_type);
// An answer whose body is `bytes`, kept alive by `keeper` (a cached image): not copied.
Response share_response(beast_http::status status, std::shared_ptr<const void> keeper,
                        std::string_view bytes, std::string_view content_type);
Response text_error(beast_http::status status, std::string message);

// The default status for an error code; dialects may override single codes.
beast_http::status status_for(core::ErrorCode code);

// CORS headers for every answer (IIIF requires `Access-Control-Allow-Origin: *`).
void add_cors(Response& res);
// Adds `names` ("Host", "Cookie, Authorization") to the Vary header, after what it holds.
void add_vary(Response& res, std::string_view names);
Response cors_preflight();

// Errors are never cached.
void mark_uncacheable(Response& res);
// `attachment; filename="…"` (or inline), the name made safe: identifiers are untrusted text.
std::string content_disposition(bool attachment, const std::string& file_name);
// make_response() with Cache-Control: no-store (errors, admin and session answers).
Response uncacheable_response(beast_http::status status, std::string body,
                              std::string_view content_type);

} // namespace pictor::http
