#pragma once
// One circuit breaker per origin host (the pattern of resilience libraries: closed, open,
// half-open). A host that fails or times out `failures` times within `window` is opened: its
// requests fail at once, with the last failure's error, for `cooldown`; then one trial request
// is let through (half-open), and its outcome closes the breaker or opens it for another
// cool-down. A hung origin then costs one timeout per cool-down instead of one per request, and
// distinct identifiers behind it cannot get round it (the source cache's negative entries are
// per URL). Only failures that say the host is down count (no connection, a timeout, 502/503/
// 504: OriginClient decides); a 404 or one object's 500 is the origin working.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.h"

namespace pictor::sources {

struct BreakerOptions {
    int failures = 5; // 0: never opens
    std::chrono::seconds window{30};
    std::chrono::seconds cooldown{15};
};

struct BreakerStats {
    std::uint64_t opened = 0;     // times a breaker opened
    std::uint64_t fast_fails = 0; // requests refused while open
    std::size_t open_now = 0;     // hosts open (or half-open) now
};

class CircuitBreaker {
  public:
    using Clock = std::chrono::steady_clock;
    explicit CircuitBreaker(BreakerOptions options) : options_(options) {}

    // Before a request to `host`: nothing to let it through, or the error to fail fast with.
    std::optional<core::Error> admit(const std::string& host, Clock::time_point now = Clock::now());
    // After it: `failure` is the error if the origin failed or timed out, null otherwise.
    void record(const std::string& host, const core::Error* failure,
                Clock::time_point now = Clock::now());
    BreakerStats stats() const;

  private:
    struct Host {
        int failures = 0; // within the window
        Clock::time_point window_start{};
        Clock::time_point open_until{}; // open while now < open_until
        bool open = false;
        bool trial_running = false; // half-open: one request is finding out
        core::Error last;
    };
    BreakerOptions options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Host> hosts_;
    std::uint64_t opened_ = 0, fast_fails_ = 0;
};

} // namespace pictor::sources
