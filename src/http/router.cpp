#include "http/router.h"

namespace pictor::http {

void Router::add_exact(std::string path, std::string name, Handler handler, Methods methods) {
    routes_.push_back({std::move(path), std::move(name), false, std::move(handler), methods});
}

void Router::add_prefix(std::string prefix, std::string name, Handler handler, Methods methods) {
    routes_.push_back({std::move(prefix), std::move(name), true, std::move(handler), methods});
}

void Router::set_body_rules(const std::string& pattern, std::int64_t body_limit,
                            std::function<std::optional<Response>(const Request&)> before_body,
                            std::function<Response(const core::Error&)> errors) {
    for (auto& r : routes_)
        if (r.pattern == pattern) {
            r.body_limit = body_limit;
            r.before_body = before_body;
            r.errors = errors;
        }
}

const Router::Route* Router::match(std::string_view path) const {
    const Route* best = nullptr;
    for (const auto& r : routes_) {
        if (!r.prefix && r.pattern == path) return &r;
        if (r.prefix && path.starts_with(r.pattern) &&
            (!best || r.pattern.size() > best->pattern.size()))
            best = &r;
    }
    return best;
}

} // namespace pictor::http
