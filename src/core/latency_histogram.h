#pragma once
// A latency histogram kept with atomics, so the hot path records without a lock: counts per
// bucket (each bucket's own), the total count and the sum. Any module keeps one (the CPU pool's
// queue, the cache's reads, renders, origin fetches); http/ turns a snapshot into a Prometheus
// histogram (modules below http/ do not know Prometheus).
#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

namespace pictor::core {

struct LatencySnapshot {
    std::vector<double> bounds; // seconds, rising
    std::vector<std::uint64_t> per_bucket;
    std::uint64_t count = 0; // including those above the last bound
    double sum_seconds = 0;
};

class LatencyHistogram {
  public:
    // From a tenth of a millisecond (an idle worker) to 10 s (a deadline).
    static constexpr std::array<double, 12> kBounds{0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                    0.025,  0.05,   0.1,   0.5,    1,     10};
    void observe(double seconds);
    LatencySnapshot snapshot() const;

  private:
    std::array<std::atomic<std::uint64_t>, kBounds.size()> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

} // namespace pictor::core
