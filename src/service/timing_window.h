#pragma once
// Durations of one kind of work: the most recent ones (for their median, as the preview
// cache's status page shows) and a histogram of all of them (for /metrics: buckets, count and
// sum only grow, so rates and quantiles aggregate across nodes). Not thread-safe: its owner's
// lock guards it.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/latency_histogram.h"

namespace pictor::service {

struct TimingSummary {
    double median_ms = 0;            // of the recent window
    std::uint64_t count = 0;         // since start
    double sum_ms = 0;               // since start
    core::LatencySnapshot histogram; // since start, seconds
};

class TimingWindow {
  public:
    void add(double ms);
    TimingSummary summary() const;

    static constexpr std::size_t kRecent = 1024;

  private:
    std::vector<double> recent_; // a ring of the last kRecent
    std::size_t next_ = 0;
    std::uint64_t count_ = 0;
    double sum_ms_ = 0;
    // Held apart: its atomics neither copy nor move, the window must move (into vectors).
    std::unique_ptr<core::LatencyHistogram> histogram_ = std::make_unique<core::LatencyHistogram>();
};

} // namespace pictor::service
