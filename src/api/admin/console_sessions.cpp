#include "api/admin/console_sessions.h"

#include <algorithm>

#include "core/digest.h"
#include "policy/secrets.h"

namespace pictor::api {

using Clock = std::chrono::system_clock;

ConsoleSessions::ConsoleSessions(std::chrono::seconds lifetime, std::size_t max_sessions)
    : lifetime_(lifetime), max_sessions_(std::max<std::size_t>(1, max_sessions)) {}

ConsoleSessions::Opened ConsoleSessions::open(const std::string& user, bool by_role) {
    Opened opened{"c." + policy::random_hex(32), Clock::now() + lifetime_};
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    std::erase_if(by_hash_, [&](const auto& e) { return e.second.expires <= now; });
    // Bounded: the sign-in closest to its end gives way.
    if (by_hash_.size() >= max_sessions_)
        by_hash_.erase(std::min_element(by_hash_.begin(), by_hash_.end(), [](auto& a, auto& b) {
            return a.second.expires < b.second.expires;
        }));
    by_hash_[core::sha256_hex(opened.token)] = {user, opened.expires, by_role};
    return opened;
}

std::optional<std::string> ConsoleSessions::user(std::string_view token) const {
    if (token.size() != 66 || !token.starts_with("c.")) return std::nullopt;
    std::string hash = core::sha256_hex(token);
    std::lock_guard lock(mutex_);
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end() || it->second.expires <= Clock::now()) return std::nullopt;
    return it->second.user;
}

void ConsoleSessions::close(std::string_view token) {
    std::string hash = core::sha256_hex(token);
    std::lock_guard lock(mutex_);
    by_hash_.erase(hash);
}

void ConsoleSessions::close_user(const std::string& user) {
    std::lock_guard lock(mutex_);
    std::erase_if(by_hash_,
                  [&](const auto& e) { return e.second.by_role && e.second.user == user; });
}

void ConsoleSessions::close_role_users() {
    std::lock_guard lock(mutex_);
    std::erase_if(by_hash_, [](const auto& e) { return e.second.by_role; });
}

} // namespace pictor::api
