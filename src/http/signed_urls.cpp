#include "http/signed_urls.h"

#include "core/clock.h"

namespace pictor::http {

core::Result<void> SignedUrls::check(std::string_view dialect, const RequestContext& ctx) const {
    if (!required_for(dialect)) return {};
    // The target as the client sent it below any public_url prefix (the proxy removed that),
    // in origin form even when the request line was absolute.
    std::string target(ctx.path);
    if (ctx.request.target().find('?') != std::string_view::npos)
        target += "?" + std::string(ctx.query);
    return signatures_.verify(target, core::unix_now_s());
}

} // namespace pictor::http
