#pragma once
// Unguessable secrets for session cookies and access tokens, from OpenSSL's CSPRNG. The two
// carry different prefixes so a cookie value can never pass for a token, or the reverse.
#include <string>
#include <string_view>

namespace pictor::policy {

std::string new_session_secret(); // "s." + 64 hex digits
std::string new_access_token();   // "t." + 64 hex digits
bool looks_like_session_secret(std::string_view s);
bool looks_like_access_token(std::string_view s);
// Hex of `bytes` random bytes.
std::string random_hex(std::size_t bytes);
// Equal strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace pictor::policy
