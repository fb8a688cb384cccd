#pragma once
// Signed URLs (as imgproxy and thumbor sign theirs; docs/security.md gives the algorithm so a
// CMS can sign without pictor's code):
//
//   message   = the request target as sent below server.public_url's prefix, path and query,
//               up to the signature parameter: "/api/display/a.jpg?size=300&expires=1767225600"
//   signature = base64url, unpadded, of HMAC-SHA256(key secret, message)  (43 characters)
//   URL       = message + ("?" or "&") + "sig=" + key id + "." + signature
//
// `sig` is the query's last parameter and appears once; `expires` (Unix seconds), when present,
// is part of the message and refuses the URL after that time. Several keys may be configured
// (rotation): the key id in the URL picks one; a key removed from the configuration no longer
// verifies anything. Comparison is constant-time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pictor::policy {

struct SigningKey {
    std::string id;     // [A-Za-z0-9_-]+
    std::string secret; // the bytes of the configured text
};

class UrlSignatures {
  public:
    // "ID=SECRET" entries (signing.keys); the first is the key new signatures use. A bad entry
    // (no id, a bad id character, an empty or short secret, a repeated id) is an error naming it.
    static core::Result<UrlSignatures> create(const std::vector<std::string>& keys);

    bool empty() const { return keys_.empty(); }
    // Names the signing key (the first) without revealing it: changes when links would be signed
    // differently. Empty without keys.
    std::string fingerprint() const;
    // `target` (path and query, no `sig`) with its signature appended; `expires` adds the
    // expiry parameter first. `key_id` empty: the first key.
    core::Result<std::string> sign(std::string target, std::optional<std::int64_t> expires = {},
                                   const std::string& key_id = {}) const;
    // Forbidden, with a message saying why (missing, malformed, unknown key, expired, wrong),
    // unless `target` carries one valid signature of itself as its last parameter.
    core::Result<void> verify(std::string_view target, std::int64_t now_s) const;

  private:
    const SigningKey* key(std::string_view id) const;
    std::vector<SigningKey> keys_;
};

// base64url without padding of HMAC-SHA256(secret, message).
std::string url_signature(std::string_view secret, std::string_view message);

} // namespace pictor::policy
