#include "http/request_tally.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace pictor::http {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;
} // namespace

RequestTally::RequestTally(const prometheus::Histogram::BucketBoundaries& bounds)
    : bounds_(bounds) {
    if (bounds.size() > kMaxBuckets) throw std::length_error("RequestTally: too many buckets");
}

void RequestTally::count_in(const RequestInstruments& instruments) {
    std::lock_guard lock(mutex_);
    flush_locked();
    to_ = instruments;
}

void RequestTally::record(double seconds, std::size_t bytes) {
    // As the histogram does: the first bucket whose bound is not below the value.
    auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin());
    buckets_[bucket].fetch_add(1, relaxed);
    nanoseconds_.fetch_add(static_cast<std::uint64_t>(std::max(seconds, 0.0) * 1e9), relaxed);
    bytes_.fetch_add(bytes, relaxed);
    requests_.fetch_add(1, relaxed);
}

void RequestTally::flush() {
    std::lock_guard lock(mutex_);
    flush_locked();
}

void RequestTally::flush_locked() {
    if (!to_.requests) return;
    std::uint64_t requests = requests_.exchange(0, relaxed);
    if (requests == 0) return;
    std::vector<double> buckets(bounds_.size() + 1);
    for (std::size_t i = 0; i < buckets.size(); ++i)
        buckets[i] = static_cast<double>(buckets_[i].exchange(0, relaxed));
    to_.duration->ObserveMultiple(buckets,
                                  static_cast<double>(nanoseconds_.exchange(0, relaxed)) / 1e9);
    to_.bytes->Increment(static_cast<double>(bytes_.exchange(0, relaxed)));
    to_.requests->Increment(static_cast<double>(requests));
}

} // namespace pictor::http
