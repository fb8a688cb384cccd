#include "policy/password.h"

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

#include "core/hex.h"
#include "policy/secrets.h"

namespace pictor::policy {

namespace {

constexpr int kR = 8, kP = 1;
constexpr std::size_t kHashBytes = 32;

std::string to_hex(const std::vector<unsigned char>& bytes) {
    return core::to_hex(bytes.data(), bytes.size());
}

std::optional<std::vector<unsigned char>> from_hex(std::string_view hex) {
    if (hex.size() % 2) return std::nullopt;
    std::vector<unsigned char> out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = core::hex_value(hex[i]), lo = core::hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return out;
}

std::optional<std::vector<unsigned char>> scrypt(std::string_view password,
                                                 const std::vector<unsigned char>& salt, int log2_n,
                                                 int r, int p) {
    std::vector<unsigned char> out(kHashBytes);
    std::uint64_t n = std::uint64_t{1} << log2_n;
    std::uint64_t max_mem = 128ULL * r * n + (1ULL << 24);
    if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n,
                       static_cast<std::uint64_t>(r), static_cast<std::uint64_t>(p), max_mem,
                       out.data(), out.size()) != 1)
        return std::nullopt;
    return out;
}

} // namespace

std::string hash_password(std::string_view password, int log2_n) {
    auto salt = from_hex(random_hex(16));
    auto hash = scrypt(password, *salt, log2_n, kR, kP);
    if (!hash) throw std::runtime_error("scrypt failed");
    return "$scrypt$ln=" + std::to_string(log2_n) + ",r=" + std::to_string(kR) +
           ",p=" + std::to_string(kP) + "$" + to_hex(*salt) + "$" + to_hex(*hash);
}

bool verify_password(std::string_view password, std::string_view encoded) {
    // $scrypt$ln=N,r=R,p=P$salt$hash
    constexpr std::string_view head = "$scrypt$ln=";
    if (encoded.substr(0, head.size()) != head) return false;
    int ln = 0, r = 0, p = 0;
    if (std::sscanf(std::string(encoded.substr(head.size())).c_str(), "%d,r=%d,p=%d", &ln, &r,
                    &p) != 3)
        return false;
    if (ln < 1 || ln > 24 || r < 1 || r > 32 || p < 1 || p > 16) return false;
    auto salt_start = encoded.find('$', head.size());
    if (salt_start == std::string_view::npos) return false;
    auto hash_start = encoded.find('$', salt_start + 1);
    if (hash_start == std::string_view::npos) return false;
    auto salt = from_hex(encoded.substr(salt_start + 1, hash_start - salt_start - 1));
    auto expected = encoded.substr(hash_start + 1);
    if (!salt || expected.size() != kHashBytes * 2) return false;
    auto hash = scrypt(password, *salt, ln, r, p);
    return hash && constant_time_equal(to_hex(*hash), expected);
}

} // namespace pictor::policy
