#pragma once
// Password hashing with scrypt (memory-hard; OpenSSL's EVP_PBE_scrypt, already a dependency).
// Encoded as "$scrypt$ln=15,r=8,p=1$<salt hex>$<hash hex>", so the cost can be raised later
// without invalidating stored hashes.
#include <string>
#include <string_view>

namespace pictor::policy {

std::string hash_password(std::string_view password, int log2_n);
// Constant-time comparison; false for a malformed encoding.
bool verify_password(std::string_view password, std::string_view encoded);

} // namespace pictor::policy
