#pragma once
// The limits a running server may change on SIGHUP (docs/operations.md, "Reload"): read on every
// request, so a reload applies from the next one. One object per server, owned by the app's
// foundation; every part that bounds a request holds a reference. Relaxed atomics: each value
// stands alone, and a request that reads one before a reload and another after is bounded by
// either set, both of them valid.
#include <atomic>
#include <chrono>
#include <cstdint>

#include "config/config.h"

namespace pictor::config {

class RuntimeLimits {
  public:
    explicit RuntimeLimits(const LimitsConfig& limits) { apply(limits); }
    RuntimeLimits(const RuntimeLimits&) = delete;
    RuntimeLimits& operator=(const RuntimeLimits&) = delete;

    // Takes limits.deadline_ms, limits.max_decoded_pixels and limits.max_output_pixels; the
    // other limits size pools and listeners and need a restart.
    void apply(const LimitsConfig& limits) {
        deadline_ms_.store(limits.deadline_ms, std::memory_order_relaxed);
        max_decoded_pixels_.store(limits.max_decoded_pixels, std::memory_order_relaxed);
        max_output_pixels_.store(limits.max_output_pixels, std::memory_order_relaxed);
    }
    // A request's time, its wait for a worker included.
    std::chrono::milliseconds deadline() const {
        return std::chrono::milliseconds(deadline_ms_.load(std::memory_order_relaxed));
    }
    std::int64_t max_decoded_pixels() const {
        return max_decoded_pixels_.load(std::memory_order_relaxed);
    }
    std::int64_t max_output_pixels() const {
        return max_output_pixels_.load(std::memory_order_relaxed);
    }

  private:
    std::atomic<int> deadline_ms_{0};
    std::atomic<std::int64_t> max_decoded_pixels_{0};
    std::atomic<std::int64_t> max_output_pixels_{0};
};

} // namespace pictor::config
