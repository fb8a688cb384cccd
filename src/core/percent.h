#pragma once
// Percent-decoding of URL path segments and query values.
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::core {

// Decodes %XX escapes once. A malformed escape or a decoded NUL is a BadRequest.
// '+' is kept as is (paths do not use form encoding).
Result<std::string> percent_decode(std::string_view in);
// As percent_decode, but a '%' not followed by two hex digits is taken literally (Wedia's
// transforms are typed by people: "t_10%,+fixed,c_crop"). A decoded NUL is still a BadRequest.
Result<std::string> percent_decode_lenient(std::string_view in);

// Encodes everything outside the RFC 3986 unreserved set.
std::string percent_encode(std::string_view in);

} // namespace pictor::core
