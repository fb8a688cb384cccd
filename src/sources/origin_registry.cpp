#include "sources/origin_registry.h"

#include <mutex>

namespace pictor::sources {

void OriginRegistry::set(const std::string& identifier, const std::string& origin) {
    std::unique_lock lock(mutex_);
    if (origin.empty())
        origins_.erase(identifier);
    else
        origins_[identifier] = origin;
    none_.store(origins_.empty(), std::memory_order_release);
}

std::optional<std::string> OriginRegistry::find(std::string_view identifier) const {
    // Most servers register no origin: they need not take the lock (shared by every thread).
    if (none_.load(std::memory_order_acquire)) return std::nullopt;
    std::shared_lock lock(mutex_);
    if (origins_.empty()) return std::nullopt;
    auto it = origins_.find(std::string(identifier));
    if (it == origins_.end()) return std::nullopt;
    return it->second;
}

bool OriginRegistry::empty() const {
    std::shared_lock lock(mutex_);
    return origins_.empty();
}

void OriginRegistry::assign(std::unordered_map<std::string, std::string> origins) {
    std::unique_lock lock(mutex_);
    origins_ = std::move(origins);
    none_.store(origins_.empty(), std::memory_order_release);
}

} // namespace pictor::sources
