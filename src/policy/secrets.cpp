#include "policy/secrets.h"

#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/hex.h"

namespace pictor::policy {

namespace {

bool is_hex_secret(std::string_view s, std::string_view prefix) {
    if (s.size() != prefix.size() + 64 || s.substr(0, prefix.size()) != prefix) return false;
    for (char c : s.substr(prefix.size()))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
        throw std::runtime_error("no randomness available");
    return core::to_hex(raw.data(), raw.size());
}

std::string new_session_secret() { return "s." + random_hex(32); }
std::string new_access_token() { return "t." + random_hex(32); }
bool looks_like_session_secret(std::string_view s) { return is_hex_secret(s, "s."); }
bool looks_like_access_token(std::string_view s) { return is_hex_secret(s, "t."); }

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace pictor::policy
