#include "http/credentials.h"

#include "core/text.h"

namespace pictor::http {

using beast_http::field;

std::string cookie_value(std::string_view header, std::string_view name) {
    std::size_t start = 0;
    while (start < header.size()) {
        auto end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        std::string_view pair = core::trim(header.substr(start, end - start));
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && core::trim(pair.substr(0, eq)) == name) {
            std::string_view value = core::trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
        start = end + 1;
    }
    return {};
}

service::Credentials credentials(const RequestContext& ctx, std::string_view cookie_name) {
    service::Credentials c;
    for (auto it = ctx.request.find(field::cookie);
         it != ctx.request.end() && it->name() == field::cookie; ++it)
        if (auto v = cookie_value(it->value(), cookie_name); !v.empty()) {
            c.session_secret = std::move(v);
            break;
        }
    if (auto token = bearer_token(ctx.request)) c.access_token = std::move(*token);
    // The session worked out who the client is (ClientAddresses): never the left-most, client-
    // written X-Forwarded-For entry.
    c.address = std::string(ctx.client_address.empty() ? ctx.remote_address : ctx.client_address);
    return c;
}

std::optional<std::string> bearer_token(const Request& request) {
    auto it = request.find(field::authorization);
    if (it == request.end()) return std::nullopt;
    std::string_view v = core::trim(it->value());
    if (v.size() < 7 || core::to_lower(v.substr(0, 7)) != "bearer ") return std::nullopt;
    return std::string(core::trim(v.substr(7)));
}

} // namespace pictor::http
