#include "api/ops/source_metrics.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

void source_metrics(MetricFamilies& out, const sources::SourceStore& sources,
                    const sources::SourceCache* cache) {
    auto stats = sources.fetch_stats();
    if (stats.empty()) return;
    auto family = [&](const char* name, const char* help, auto value) {
        for (const auto& [prefix, s] : stats)
            add_counter(out, name, help, static_cast<double>(value(s)), {{"source", prefix}});
    };
    using S = sources::FetchStats;
    family("pictor_source_requests_total", "Requests sent to a remote source's origin.",
           [](const S& s) { return s.requests; });
    family("pictor_source_not_modified_total", "Revalidations the origin answered with 304.",
           [](const S& s) { return s.not_modified; });
    family("pictor_source_errors_total",
           "Origin requests that failed (refused, timed out, 4xx/5xx, not an image).",
           [](const S& s) { return s.errors; });
    family("pictor_source_bytes_total", "Bytes fetched from the origin (decoded).",
           [](const S& s) { return s.bytes; });
    for (const auto& [prefix, s] : stats)
        add_histogram(out, "pictor_source_request_duration_seconds",
                      "Time of the requests to a remote source's origin.", s.latency,
                      {{"source", prefix}});
    if (cache) {
        auto c = cache->stats();
        add_counter(out, "pictor_source_cache_hits_total",
                    "Remote originals served from the source cache without asking the origin.",
                    static_cast<double>(c.hits));
        add_gauge(out, "pictor_source_cache_bytes", "Bytes the source cache holds.",
                  static_cast<double>(c.bytes_stored));
    }
}

void breaker_metrics(MetricFamilies& out, const sources::BreakerStats& b) {
    add_gauge(out, "pictor_origin_breakers_open",
              "Origin hosts whose circuit breaker is open: their requests fail fast.",
              static_cast<double>(b.open_now));
    add_counter(out, "pictor_origin_breaker_opened_total",
                "Times an origin host's circuit breaker opened.", static_cast<double>(b.opened));
    add_counter(out, "pictor_origin_fast_failures_total",
                "Origin requests refused at once because their host's breaker was open.",
                static_cast<double>(b.fast_fails));
}

} // namespace pictor::api
