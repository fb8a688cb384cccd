#pragma once
// Login sessions this node looked up lately, so a viewer loading the tiles of a restricted
// image costs the state database one session lookup per `ttl`, not one per tile. Only sessions
// that exist are kept (a session created on another node a moment ago is found at once), each
// until its own expiry or `ttl`, whichever is first. A logout through this node forgets the
// session at once; one through another node, or a change of the user's roles, applies here
// within `ttl`. Bounded: when full, it starts again empty.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "state/catalog.h"

namespace pictor::service {

class SessionCache {
  public:
    using Clock = std::chrono::steady_clock;
    // ttl 0: nothing is kept.
    SessionCache(std::chrono::milliseconds ttl, std::size_t capacity = 10000)
        : ttl_(ttl), capacity_(capacity) {}

    // The session, if it was stored less than `ttl` ago and has not expired by `now_s`.
    std::optional<state::SessionRecord> find(const std::string& id_hash, std::int64_t now_s);
    void remember(const state::SessionRecord& session);
    void forget(const std::string& id_hash);

  private:
    struct Entry {
        state::SessionRecord session;
        Clock::time_point until;
    };
    std::chrono::milliseconds ttl_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace pictor::service
