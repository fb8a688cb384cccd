#pragma once
// Durations of one kind of work: the most recent ones (for their median, as the preview
// cache's status page shows) and the count and sum of all of them (for a Prometheus summary,
// whose count and sum must only grow). Not thread-safe: its owner's lock guards it.
#include <cstdint>
#include <vector>

namespace pictor::service {

struct TimingSummary {
    double median_ms = 0;    // of the recent window
    std::uint64_t count = 0; // since start
    double sum_ms = 0;       // since start
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
};

} // namespace pictor::service
