#include "policy/url_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "policy/secrets.h"

namespace pictor::policy {
namespace {

using core::Error;

constexpr std::string_view kSig = "sig=";
constexpr std::size_t kSignatureLength = 43; // 32 bytes in unpadded base64url
constexpr std::size_t kMinSecret = 16;

bool id_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

Error refused(std::string why) { return Error::forbidden("signed URL required: " + why); }

// The query's parameters as written (no decoding): a name compares as sent.
std::vector<std::string_view> parameters(std::string_view query) {
    std::vector<std::string_view> out;
    while (!query.empty()) {
        auto amp = query.find('&');
        out.push_back(query.substr(0, amp));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

bool named(std::string_view parameter, std::string_view name) {
    return parameter.size() > name.size() && parameter.substr(0, name.size()) == name &&
           parameter[name.size()] == '=';
}

} // namespace

std::string url_signature(std::string_view secret, std::string_view message) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
    unsigned char b64[64];
    int n = EVP_EncodeBlock(b64, mac, static_cast<int>(length));
    std::string out(reinterpret_cast<const char*>(b64), static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (char& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

core::Result<UrlSignatures> UrlSignatures::create(const std::vector<std::string>& keys) {
    UrlSignatures out;
    for (const auto& entry : keys) {
        auto eq = entry.find('=');
        std::string id = entry.substr(0, eq);
        auto bad = [&](const std::string& why) {
            return Error::bad_request("signing.keys: '" + id + "': " + why);
        };
        if (eq == std::string::npos || id.empty()) return bad("expected ID=SECRET");
        for (char c : id)
            if (!id_character(c)) return bad("a key id is letters, digits, '_' and '-'");
        std::string secret = entry.substr(eq + 1);
        if (secret.size() < kMinSecret)
            return bad("the secret must be at least " + std::to_string(kMinSecret) + " bytes");
        if (out.key(id)) return bad("the key id is listed twice");
        out.keys_.push_back({id, secret});
    }
    return out;
}

const SigningKey* UrlSignatures::key(std::string_view id) const {
    for (const auto& k : keys_)
        if (k.id == id) return &k;
    return nullptr;
}

core::Result<std::string> UrlSignatures::sign(std::string target,
                                              std::optional<std::int64_t> expires,
                                              const std::string& key_id) const {
    const SigningKey* k = key_id.empty() ? (keys_.empty() ? nullptr : &keys_.front()) : key(key_id);
    if (!k)
        return Error::bad_request(key_id.empty() ? "no signing key is configured (signing.keys)"
                                                 : "no signing key '" + key_id + "'");
    auto query = target.find('?');
    if (query != std::string::npos)
        for (auto p : parameters(std::string_view(target).substr(query + 1)))
            if (named(p, "sig")) return Error::bad_request("the URL is signed already");
    char separator = query == std::string::npos ? '?' : '&';
    if (expires) {
        target += separator + std::string("expires=") + std::to_string(*expires);
        separator = '&';
    }
    return target + separator + std::string(kSig) + k->id + "." + url_signature(k->secret, target);
}

core::Result<void> UrlSignatures::verify(std::string_view target, std::int64_t now_s) const {
    auto query_at = target.find('?');
    if (query_at == std::string_view::npos) return refused("this URL has no signature");
    auto params = parameters(target.substr(query_at + 1));
    int signatures = 0;
    for (auto p : params)
        signatures += p.substr(0, 3) == "sig" && (p.size() == 3 || p[3] == '=') ? 1 : 0;
    if (signatures == 0) return refused("this URL has no signature");
    if (signatures > 1) return refused("the URL carries more than one signature");
    std::string_view last = params.back();
    if (!named(last, "sig")) return refused("the signature must be the last parameter");
    // The message: everything before "?sig=" or "&sig=".
    std::string_view message = target.substr(0, target.size() - last.size() - 1);
    std::string_view value = last.substr(kSig.size());
    auto dot = value.find('.');
    if (dot == std::string_view::npos) return refused("the signature has no key id");
    const SigningKey* k = key(value.substr(0, dot));
    if (!k) return refused("the signature's key is not (or no longer) accepted");
    std::string_view given = value.substr(dot + 1);
    // Compared whole, in constant time, whatever its length: a shorter or padded value fails
    // the same way a wrong one does.
    std::string expected = url_signature(k->secret, message);
    bool same = given.size() == kSignatureLength && constant_time_equal(given, expected);
    if (!same) return refused("the signature does not match this URL");
    for (auto p : params)
        if (named(p, "expires")) {
            std::string_view v = p.substr(8);
            std::int64_t until = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), until);
            if (ec != std::errc{} || end != v.data() + v.size())
                return refused("the expiry is not a number of seconds");
            if (now_s > until) return refused("this signed URL has expired");
        }
    return {};
}

std::string UrlSignatures::fingerprint() const {
    if (keys_.empty()) return {};
    // An HMAC of a fixed text under the key: the secret cannot be read back from it.
    return keys_.front().id + "." +
           url_signature(keys_.front().secret, "pictor fingerprint").substr(0, 8);
}

} // namespace pictor::policy
