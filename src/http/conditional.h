#pragma once
// Conditional requests (RFC 9110 §13.2.2 order): If-Match, else If-Unmodified-Since (412 on
// failure); then If-None-Match, else If-Modified-Since (304 for GET/HEAD).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace pictor::http {

enum class Precondition { Proceed, NotModified, Failed };

// `last_modified_s` 0: the resource has no modification date (If-Modified-Since is ignored).
Precondition evaluate_preconditions(const Request& request, std::string_view etag,
                                    std::int64_t last_modified_s);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); parse also takes RFC 850 and asctime forms.
std::string format_http_date(std::int64_t seconds);
std::optional<std::int64_t> parse_http_date(std::string_view text);

// True if `etag` is in the comma-separated list (`*` matches anything). Weak comparison
// ignores a `W/` prefix on either side.
bool etag_list_matches(std::string_view list, std::string_view etag, bool weak);

} // namespace pictor::http
