#include "http/metrics.h"

#include <fmt/format.h>

namespace pictor::http {

void Metrics::record_request(const std::string& route, int status, double seconds,
                             std::size_t bytes) {
    std::lock_guard lock(mutex_);
    auto& r = routes_[route];
    ++r.by_status[status];
    ++r.count;
    r.seconds += seconds;
    r.bytes += bytes;
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++r.buckets[i];
}

std::string Metrics::render(const std::string& gauges) const {
    std::string out;
    out += "# HELP pictor_http_requests_total HTTP requests by route and status.\n"
           "# TYPE pictor_http_requests_total counter\n";
    std::lock_guard lock(mutex_);
    for (const auto& [route, r] : routes_)
        for (const auto& [status, n] : r.by_status)
            out += fmt::format("pictor_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                               route, status, n);
    out += "# HELP pictor_http_request_duration_seconds Time from request to response sent.\n"
           "# TYPE pictor_http_request_duration_seconds histogram\n";
    for (const auto& [route, r] : routes_) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out += fmt::format(
                "pictor_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                kBuckets[i], r.buckets[i]);
        out += fmt::format(
            "pictor_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
            r.count);
        out += fmt::format("pictor_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route,
                           r.seconds);
        out += fmt::format("pictor_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                           r.count);
    }
    out += "# HELP pictor_http_response_bytes_total Body bytes sent.\n"
           "# TYPE pictor_http_response_bytes_total counter\n";
    for (const auto& [route, r] : routes_)
        out += fmt::format("pictor_http_response_bytes_total{{route=\"{}\"}} {}\n", route, r.bytes);
    out += fmt::format("# HELP pictor_decoded_pixels_total Source pixels decoded.\n"
                       "# TYPE pictor_decoded_pixels_total counter\n"
                       "pictor_decoded_pixels_total {}\n",
                       decoded_pixels_.load());
    out += fmt::format("# HELP pictor_shared_answers_total Requests answered by an identical "
                       "request's work, without a queue place of their own.\n"
                       "# TYPE pictor_shared_answers_total counter\n"
                       "pictor_shared_answers_total {}\n",
                       shared_answers_.load());
    out += fmt::format("# HELP pictor_open_connections Open client connections.\n"
                       "# TYPE pictor_open_connections gauge\n"
                       "pictor_open_connections {}\n",
                       connections_.load());
    out += gauges;
    return out;
}

} // namespace pictor::http
