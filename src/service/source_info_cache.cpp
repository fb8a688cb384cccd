#include "service/source_info_cache.h"

namespace pictor::service {

std::optional<SourceFacts> SourceInfoCache::get(const std::string& path,
                                                const std::string& version) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(path);
    if (it == index_.end()) return std::nullopt;
    if (it->second->version != version) { // the file changed: forget the old header
        order_.erase(it->second);
        index_.erase(it);
        return std::nullopt;
    }
    order_.splice(order_.begin(), order_, it->second);
    return it->second->facts;
}

void SourceInfoCache::put(const std::string& path, const std::string& version,
                          const SourceFacts& facts) {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(path); it != index_.end()) {
        order_.erase(it->second);
        index_.erase(it);
    }
    order_.push_front({path, version, facts});
    index_[path] = order_.begin();
    while (order_.size() > capacity_) {
        index_.erase(order_.back().path);
        order_.pop_back();
    }
}

} // namespace pictor::service
