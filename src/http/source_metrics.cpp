#include "http/source_metrics.h"

#include <fmt/format.h>

namespace pictor::http {

std::string source_metrics(const store::SourceStore& sources, const store::SourceCache* cache) {
    auto stats = sources.fetch_stats();
    if (stats.empty()) return {};
    std::string out;
    // One family at a time, every source's sample in it (strict parsers want them together).
    auto family = [&](const char* name, const char* type, const char* help, auto value) {
        out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n", name, help, type);
        for (const auto& [prefix, s] : stats)
            out += fmt::format("{}{{source=\"{}\"}} {}\n", name, prefix, value(s));
    };
    using S = store::FetchStats;
    family("pictor_source_requests_total", "counter", "Requests sent to a remote source's origin.",
           [](const S& s) { return s.requests; });
    family("pictor_source_not_modified_total", "counter",
           "Revalidations the origin answered with 304.",
           [](const S& s) { return s.not_modified; });
    family("pictor_source_errors_total", "counter",
           "Origin requests that failed (refused, timed out, 4xx/5xx, not an image).",
           [](const S& s) { return s.errors; });
    family("pictor_source_bytes_total", "counter", "Bytes fetched from the origin (decoded).",
           [](const S& s) { return s.bytes; });
    family("pictor_source_request_seconds_total", "counter",
           "Time spent on origin requests; divide by pictor_source_requests_total for the mean.",
           [](const S& s) { return s.seconds; });
    if (cache) {
        auto c = cache->stats();
        out += fmt::format("# HELP pictor_source_cache_hits_total Remote originals served from "
                           "the source cache without asking the origin.\n"
                           "# TYPE pictor_source_cache_hits_total counter\n"
                           "pictor_source_cache_hits_total {}\n"
                           "# HELP pictor_source_cache_bytes Bytes the source cache holds.\n"
                           "# TYPE pictor_source_cache_bytes gauge\n"
                           "pictor_source_cache_bytes {}\n",
                           c.hits, c.bytes_stored);
    }
    return out;
}

} // namespace pictor::http
