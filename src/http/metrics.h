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
#include <unordered_set>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "http/metric_families.h"
#include "http/request_tally.h"

namespace pictor::http {

class Metrics {
  public:
    Metrics();
    // The in-flight gauge of `route` (found under the lock): a session names it to its tally
    // while it answers a request of that route.
    prometheus::Gauge* in_flight(const std::string& route);
    // What one answered request counts in: found under the lock once, then kept by the
    // connection's tally while keep-alive requests repeat its route and status.
    RequestInstruments request_instruments(const std::string& route, int status);
    // A connection's tally (http/request_tally.h), added to the instruments whenever they are
    // collected; closing it adds what is pending and stops counting its request in flight.
    std::shared_ptr<RequestTally> open_tally();
    void close_tally(const std::shared_ptr<RequestTally>& tally);
    // Requests being answered now, on every listener (a draining server waits for none).
    int answering() const;
    void add_decoded_pixels(std::int64_t pixels) { decoded_pixels_.Increment(pixels); }
    void add_shared_answer() { shared_answers_.Increment(); }
    void connection_opened() { connections_.Increment(); }
    void connection_closed() { connections_.Decrement(); }

    // Everything the registry holds, for the exposition, the open tallies added first.
    MetricFamilies collect();

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
    mutable std::mutex mutex_;
    std::unordered_map<std::string, RouteInstruments> routes_;
    std::unordered_set<std::shared_ptr<RequestTally>> tallies_; // under mutex_
};

// The dialect a route belongs to ("iiif3" -> "iiif", "thumb" -> "file", "healthz" -> "ops").
std::string dialect_of(const std::string& route);

} // namespace pictor::http
