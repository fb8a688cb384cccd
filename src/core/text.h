#pragma once
// Small text helpers for parsing HTTP header values and query parameters.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pictor::core {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim(std::string_view s);
// ASCII lower case.
std::string to_lower(std::string_view s);
// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or code points
// above U+10FFFF.
bool valid_utf8(std::string_view s);
// A whole non-negative decimal number of at most 18 digits; nothing otherwise.
std::optional<std::int64_t> parse_count(std::string_view s);

} // namespace pictor::core
