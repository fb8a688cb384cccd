// `pictor sign URL`: the URL with its signature, for scripts and for checking a CMS's own
// signing code against pictor's.
#include <cstdio>

#include "app/commands.h"
#include "core/clock.h"
#include "policy/url_signature.h"

namespace pictor::app {

namespace {

// "https://host/images/api/display/a.jpg?x" -> {"https://host/images", "/api/display/a.jpg?x"}:
// the part signed is below server.public_url (or below scheme://host when that is unset).
std::pair<std::string, std::string> split(const std::string& url, const std::string& public_url) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (!base.empty() && url.starts_with(base) &&
        (url.size() == base.size() || url[base.size()] == '/' || url[base.size()] == '?'))
        return {base, url.substr(base.size())};
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return {"", url};
    auto path = url.find_first_of("/?", scheme + 3);
    if (path == std::string::npos) return {url, "/"};
    return {url.substr(0, path), url.substr(path)};
}

} // namespace

int sign(const config::Config& config, const SignOptions& options) {
    auto signatures = policy::UrlSignatures::create(config.signing.keys);
    if (!signatures) {
        std::fprintf(stderr, "pictor: %s\n", signatures.error().message.c_str());
        return 2;
    }
    auto [base, target] = split(options.url, config.server.public_url);
    if (target.empty() || target.front() != '/') target.insert(0, "/");
    std::optional<std::int64_t> expires;
    if (options.expires_in) expires = core::unix_now_s() + *options.expires_in;
    auto signed_target = signatures->sign(target, expires, options.key_id);
    if (!signed_target) {
        std::fprintf(stderr, "pictor: %s\n", signed_target.error().message.c_str());
        return 2;
    }
    std::printf("%s%s\n", base.c_str(), signed_target->c_str());
    return 0;
}

} // namespace pictor::app
