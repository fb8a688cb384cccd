#include "sources/circuit_breaker.h"

namespace pictor::sources {

std::optional<core::Error> CircuitBreaker::admit(const std::string& host, Clock::time_point now) {
    if (options_.failures <= 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = hosts_.find(host);
    if (it == hosts_.end() || !it->second.open) return std::nullopt;
    Host& h = it->second;
    if (now >= h.open_until && !h.trial_running) {
        h.trial_running = true; // half-open: this request finds out
        return std::nullopt;
    }
    ++fast_fails_;
    core::Error e = h.last;
    e.message = e.code == core::ErrorCode::UpstreamTimeout
                    ? "the image's origin is not answering; pictor will ask it again shortly"
                    : "the image's origin is failing; pictor will ask it again shortly";
    e.detail = "circuit breaker open for " + host + " (last failure: " + h.last.detail + ")";
    return e;
}

void CircuitBreaker::record(const std::string& host, const core::Error* failure,
                            Clock::time_point now) {
    if (options_.failures <= 0) return;
    std::lock_guard lock(mutex_);
    if (!failure) {
        hosts_.erase(host); // closed, counts forgotten
        return;
    }
    Host& h = hosts_[host];
    h.last = *failure;
    if (h.open) { // the trial failed (or a request admitted before it opened)
        h.trial_running = false;
        h.open_until = now + options_.cooldown;
        return;
    }
    if (h.failures == 0 || now - h.window_start > options_.window) {
        h.failures = 0;
        h.window_start = now;
    }
    if (++h.failures >= options_.failures) {
        h.open = true;
        h.open_until = now + options_.cooldown;
        ++opened_;
    }
}

BreakerStats CircuitBreaker::stats() const {
    std::lock_guard lock(mutex_);
    BreakerStats s{opened_, fast_fails_, 0};
    for (const auto& [host, h] : hosts_)
        if (h.open) ++s.open_now;
    return s;
}

} // namespace pictor::sources
