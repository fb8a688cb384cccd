#include "core/latency_histogram.h"

namespace pictor::core {

void LatencyHistogram::observe(double seconds) {
    for (std::size_t i = 0; i < kBounds.size(); ++i)
        if (seconds <= kBounds[i]) {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

LatencySnapshot LatencyHistogram::snapshot() const {
    LatencySnapshot s;
    s.bounds.assign(kBounds.begin(), kBounds.end());
    for (const auto& b : buckets_)
        s.per_bucket.push_back(b.load(std::memory_order_relaxed));
    s.count = count_.load(std::memory_order_relaxed);
    s.sum_seconds = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
    return s;
}

} // namespace pictor::core
