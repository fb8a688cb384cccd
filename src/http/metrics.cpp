#include "http/metrics.h"

namespace pictor::http {

const prometheus::Histogram::BucketBoundaries& Metrics::buckets() {
    static const prometheus::Histogram::BucketBoundaries b{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return b;
}

Metrics::Metrics()
    : requests_(prometheus::BuildCounter()
                    .Name("pictor_http_requests_total")
                    .Help("HTTP requests by dialect, route and status.")
                    .Register(*registry_)),
      durations_(prometheus::BuildHistogram()
                     .Name("pictor_http_request_duration_seconds")
                     .Help("Time from a request's header to its answer sent, by dialect and route.")
                     .Register(*registry_)),
      bytes_(prometheus::BuildCounter()
                 .Name("pictor_http_response_bytes_total")
                 .Help("Body bytes sent, by dialect and route.")
                 .Register(*registry_)),
      in_flight_(prometheus::BuildGauge()
                     .Name("pictor_http_requests_in_flight")
                     .Help("Requests received and not yet answered, by dialect and route.")
                     .Register(*registry_)),
      decoded_pixels_(prometheus::BuildCounter()
                          .Name("pictor_decoded_pixels_total")
                          .Help("Source pixels decoded.")
                          .Register(*registry_)
                          .Add({})),
      shared_answers_(prometheus::BuildCounter()
                          .Name("pictor_shared_answers_total")
                          .Help("Requests answered by an identical request's work, without a "
                                "queue place of their own.")
                          .Register(*registry_)
                          .Add({})),
      connections_(prometheus::BuildGauge()
                       .Name("pictor_open_connections")
                       .Help("Open client connections.")
                       .Register(*registry_)
                       .Add({})) {}

Metrics::RouteInstruments& Metrics::instruments(const std::string& route) {
    auto [it, added] = routes_.try_emplace(route);
    if (added) {
        prometheus::Labels labels{{"dialect", dialect_of(route)}, {"route", route}};
        it->second.duration = &durations_.Add(labels, buckets());
        it->second.bytes = &bytes_.Add(labels);
        it->second.in_flight = &in_flight_.Add(labels);
    }
    return it->second;
}

prometheus::Gauge* Metrics::in_flight(const std::string& route) {
    std::lock_guard lock(mutex_);
    return instruments(route).in_flight;
}

RequestInstruments Metrics::request_instruments(const std::string& route, int status) {
    std::lock_guard lock(mutex_);
    auto& r = instruments(route);
    auto& requests = r.by_status[status];
    if (!requests)
        requests = &requests_.Add(
            {{"dialect", dialect_of(route)}, {"route", route}, {"status", std::to_string(status)}});
    return {requests, r.duration, r.bytes};
}

std::shared_ptr<RequestTally> Metrics::open_tally() {
    auto tally = std::make_shared<RequestTally>(buckets());
    std::lock_guard lock(mutex_);
    tallies_.insert(tally);
    return tally;
}

void Metrics::close_tally(const std::shared_ptr<RequestTally>& tally) {
    tally->flush();
    std::lock_guard lock(mutex_);
    tallies_.erase(tally);
}

int Metrics::answering() const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& tally : tallies_)
        n += tally->answering() != nullptr;
    return n;
}

MetricFamilies Metrics::collect() {
    {
        std::lock_guard lock(mutex_);
        std::unordered_map<prometheus::Gauge*, int> answering;
        for (const auto& tally : tallies_) {
            tally->flush();
            if (auto* gauge = tally->answering()) ++answering[gauge];
        }
        for (auto& [route, r] : routes_) {
            auto it = answering.find(r.in_flight);
            r.in_flight->Set(it == answering.end() ? 0 : it->second);
        }
    }
    return registry_->Collect();
}

std::string dialect_of(const std::string& route) {
    auto starts = [&](const char* prefix) { return route.rfind(prefix, 0) == 0; };
    if (starts("iiif") || starts("dlcs") || starts("auth")) return "iiif";
    if (route == "display") return "display";
    if (route == "file" || route == "thumb" || route == "original") return "file";
    if (starts("imageconverter")) return "converter";
    if (starts("imaging")) return "imaging";
    if (starts("admin")) return "admin";
    if (route == "healthz" || route == "readyz" || route == "metrics" || route == "openapi" ||
        route == "landing")
        return "ops";
    return "other"; // "unmatched", "invalid"
}

} // namespace pictor::http
