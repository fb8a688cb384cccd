#include "http/basic_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/text.h"

namespace pictor::http {

std::string basic_credentials(const Request& request) {
    auto it = request.find(beast_http::field::authorization);
    if (it == request.end()) return {};
    std::string_view v = core::trim(it->value());
    if (v.size() < 6 || core::to_lower(v.substr(0, 6)) != "basic ") return {};
    std::string_view b64 = core::trim(v.substr(6));
    if (b64.empty() || b64.size() % 4 != 0 || b64.size() > 4096) return {};
    std::string out(b64.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(b64.data()),
                            static_cast<int>(b64.size()));
    if (n < 0) return {};
    // EVP_DecodeBlock counts the padding as zero bytes.
    std::size_t pad = (b64.back() == '=') + (b64.size() > 1 && b64[b64.size() - 2] == '=');
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

bool basic_auth_matches(const Request& request, std::string_view user, std::string_view password) {
    std::string expected = std::string(user) + ":" + std::string(password);
    std::string given = basic_credentials(request);
    // Compared over the expected length whatever was sent, so timing tells nothing.
    bool same_size = given.size() == expected.size();
    given.resize(expected.size());
    return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0 && same_size;
}

} // namespace pictor::http
