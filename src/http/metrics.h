#pragma once
// The live instruments of /metrics, in a prometheus-cpp registry: requests by dialect, route and
// status, latency histograms, body bytes and requests in flight by dialect and route, decoded
// pixels, shared answers, open connections. Numbers other modules keep are added at scrape time
// (http/metric_families.h, http/ops_handler.cpp).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "http/metric_families.h"

namespace pictor::http {

class Metrics {
  public:
    Metrics();
    // The in-flight gauge of `route` (found under the lock; the gauge itself is atomic): a
    // session raises it when a request begins and lowers it when the answer is written.
    prometheus::Gauge* in_flight(const std::string& route);
    // What one answered request counts in: found under the lock once, then used without it
    // (each instrument is atomic itself), so a connection repeating one route and status (a
    // viewer's keep-alive tiles, warm cache hits) shares no lock with the other network threads.
    struct RequestInstruments {
        prometheus::Counter* requests = nullptr;
        prometheus::Histogram* duration = nullptr;
        prometheus::Counter* bytes = nullptr;
        void record(double seconds, std::size_t bytes_sent) const {
            requests->Increment();
            duration->Observe(seconds);
            bytes->Increment(static_cast<double>(bytes_sent));
        }
    };
    RequestInstruments request_instruments(const std::string& route, int status);
    void add_decoded_pixels(std::int64_t pixels) { decoded_pixels_.Increment(pixels); }
    void add_shared_answer() { shared_answers_.Increment(); }
    void connection_opened() { connections_.Increment(); }
    void connection_closed() { connections_.Decrement(); }

    // Everything the registry holds, for the exposition.
    MetricFamilies collect() const { return registry_->Collect(); }

    // Request latency buckets, seconds: a warm cache hit (well under 1 ms) to a slow render.
    static const prometheus::Histogram::BucketBoundaries& buckets();

  private:
    // One route's instruments, found once: a request then costs one lookup under one lock,
    // not a label-set hash and a family lock for each of its three metrics.
    struct RouteInstruments {
        prometheus::Histogram* duration = nullptr;
        prometheus::Counter* bytes = nullptr;
        prometheus::Gauge* in_flight = nullptr;
        std::map<int, prometheus::Counter*> by_status;
    };
    RouteInstruments& instruments(const std::string& route); // under mutex_

    std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& durations_;
    prometheus::Family<prometheus::Counter>& bytes_;
    prometheus::Family<prometheus::Gauge>& in_flight_;
    prometheus::Counter& decoded_pixels_;
    prometheus::Counter& shared_answers_;
    prometheus::Gauge& connections_;
    std::mutex mutex_;
    std::unordered_map<std::string, RouteInstruments> routes_;
};

// The dialect a route belongs to ("iiif3" -> "iiif", "thumb" -> "file", "healthz" -> "ops").
std::string dialect_of(const std::string& route);

} // namespace pictor::http
