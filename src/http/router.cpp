#include "http/router.h"

namespace pictor::http {

void Router::add_exact(std::string path, std::string name, Handler handler) {
    routes_.push_back({std::move(path), std::move(name), false, std::move(handler)});
}

void Router::add_prefix(std::string prefix, std::string name, Handler handler) {
    routes_.push_back({std::move(prefix), std::move(name), true, std::move(handler)});
}

const Router::Route* Router::match(std::string_view path) const {
    const Route* best = nullptr;
    for (const auto& r : routes_) {
        if (!r.prefix && r.pattern == path) return &r;
        if (r.prefix && path.rfind(r.pattern, 0) == 0 &&
            (!best || r.pattern.size() > best->pattern.size()))
            best = &r;
    }
    return best;
}

} // namespace pictor::http
