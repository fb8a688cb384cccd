#pragma once
// A kind of place source images come from (docs/sources.md): the local image tree, an HTTP(S)
// origin, or S3-compatible object storage. Whatever the kind, a source answers with a SourceFile: a
// local file the engine reads (a remote original is fetched into the source cache first) and
// the version that keys every derivative of it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/latency_histogram.h"
#include "core/result.h"
#include "sources/source_file.h"

namespace pictor::sources {

// What a remote source's origin requests came to, for /metrics.
struct FetchStats {
    std::uint64_t requests = 0; // GETs sent, revalidations included
    std::uint64_t not_modified = 0;
    std::uint64_t errors = 0;
    std::uint64_t bytes = 0;
    core::LatencySnapshot latency; // of every request, with their count and summed time
};

class Source {
  public:
    virtual ~Source() = default;
    // `name` is the identifier below the source's prefix ("a/b.jpg" of "web/a/b.jpg").
    virtual core::Result<SourceFile> resolve(std::string_view name) const = 0;
    // resolve() when it needs no origin request (a fresh source-cache entry); nothing otherwise.
    // Never blocks on the network: the network threads ask it.
    virtual std::optional<SourceFile> resolve_cached(std::string_view name) const = 0;
    // For readiness: the source can be reached now (a cheap request, or a stat).
    virtual core::Result<void> reachable() const = 0;
    // "local /srv/images", "http https://images.example.org/", "s3 bucket/prefix/".
    virtual std::string describe() const = 0;
    // Origin requests so far; nothing for sources that make none (the local tree).
    virtual std::optional<FetchStats> fetch_stats() const { return std::nullopt; }
};

} // namespace pictor::sources
