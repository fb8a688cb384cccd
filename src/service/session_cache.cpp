#include "service/session_cache.h"

namespace pictor::service {

std::optional<state::SessionRecord> SessionCache::find(const std::string& id_hash,
                                                       std::int64_t now_s) {
    if (ttl_.count() <= 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id_hash);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.until <= Clock::now() || it->second.session.expires_s <= now_s) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.session;
}

void SessionCache::remember(const state::SessionRecord& session) {
    if (ttl_.count() <= 0) return;
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_[session.id_hash] = {session, Clock::now() + ttl_};
}

void SessionCache::forget(const std::string& id_hash) {
    std::lock_guard lock(mutex_);
    entries_.erase(id_hash);
}

} // namespace pictor::service
