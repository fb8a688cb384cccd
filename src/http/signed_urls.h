#pragma once
// signing.required: the dialects whose requests must carry a valid URL signature
// (policy/url_signature.h), checked before anything else about the request, so an unsigned or
// badly signed request is never rendered, never answered from a cache and never cached.
#include <set>
#include <string>

#include "core/result.h"
#include "http/types.h"
#include "policy/url_signature.h"

namespace pictor::http {

class SignedUrls {
  public:
    SignedUrls() = default; // nothing required
    SignedUrls(policy::UrlSignatures signatures, const std::vector<std::string>& required)
        : signatures_(std::move(signatures)), required_(required.begin(), required.end()) {}

    // "display", "files", "imaging" (requests with a transform), "converter" (reads).
    bool required_for(std::string_view dialect) const {
        return required_.contains(std::string(dialect));
    }
    // Forbidden (why) when `dialect` requires a signature and the request has no valid one.
    core::Result<void> check(std::string_view dialect, const RequestContext& ctx) const;

  private:
    policy::UrlSignatures signatures_;
    std::set<std::string> required_;
};

} // namespace pictor::http
