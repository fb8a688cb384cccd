#pragma once
// What one connection's answered requests add to /metrics, kept on the connection until the
// metrics are read, its route or status changes, or it closes. The shared instruments are then
// touched once per scrape instead of on every request: prometheus-cpp's histogram takes a mutex
// per observation and every counter is a compare-and-swap on a cache line all network threads
// write, which cost a warm cache hit about a tenth of its time. Likewise the request the
// connection is answering: counted into the in-flight gauges when they are read.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

namespace pictor::http {

// The instruments one answered request counts in (one route and status).
struct RequestInstruments {
    prometheus::Counter* requests = nullptr;
    prometheus::Histogram* duration = nullptr;
    prometheus::Counter* bytes = nullptr;
};

class RequestTally {
  public:
    // The duration histogram's bucket bounds (Metrics::buckets()), at most kMaxBuckets of them.
    static constexpr std::size_t kMaxBuckets = 24;
    explicit RequestTally(const prometheus::Histogram::BucketBoundaries& bounds);

    // On the connection's thread: the instruments its next requests count in; what is pending
    // for the previous ones is added to them first.
    void count_in(const RequestInstruments& instruments);
    const RequestInstruments& instruments() const { return to_; }
    // On the connection's thread: one answered request.
    void record(double seconds, std::size_t bytes);
    // On any thread: adds what is pending to the instruments.
    void flush();

    // The in-flight gauge of the request being answered, or null between requests.
    void answering(prometheus::Gauge* in_flight) {
        answering_.store(in_flight, std::memory_order_relaxed);
    }
    prometheus::Gauge* answering() const { return answering_.load(std::memory_order_relaxed); }

  private:
    void flush_locked();

    const prometheus::Histogram::BucketBoundaries& bounds_;
    std::mutex mutex_; // flush() against count_in() switching instruments
    RequestInstruments to_;
    // Pending counts, written by the connection's thread and taken (exchanged) by flushes.
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::uint64_t> nanoseconds_{0};
    std::array<std::atomic<std::uint64_t>, kMaxBuckets + 1> buckets_{}; // the last: +Inf
    std::atomic<prometheus::Gauge*> answering_{nullptr};
};

} // namespace pictor::http
