#pragma once
// Request counters and latency histograms per route, exported in Prometheus text format.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace pictor::http {

class Metrics {
  public:
    void record_request(const std::string& route, int status, double seconds, std::size_t bytes);
    void add_decoded_pixels(std::int64_t pixels) { decoded_pixels_ += pixels; }
    void add_shared_answer() { ++shared_answers_; }
    void connection_opened() { ++connections_; }
    void connection_closed() { --connections_; }

    // `gauges` are extra lines (queue depth, busy workers) supplied by the caller.
    std::string render(const std::string& gauges) const;

    static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,   1,    2.5,   5,    10};

  private:
    struct RouteStats {
        std::map<int, std::uint64_t> by_status;
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double seconds = 0;
        std::uint64_t bytes = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, RouteStats> routes_;
    std::atomic<std::int64_t> decoded_pixels_{0};
    std::atomic<std::int64_t> shared_answers_{0};
    std::atomic<std::int64_t> connections_{0};
};

} // namespace pictor::http
