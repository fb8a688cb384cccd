#pragma once
// Remote originals on local disk (the source cache): fetched once, kept in a bounded folder
// (least recently used go first), written atomically, revalidated with the origin's ETag or
// Last-Modified once `revalidate_s` has passed. Concurrent requests for one cold original fetch
// it once; a missing or failing origin is remembered for `negative_ttl_s`. Entries survive
// restarts (each has a small JSON side file).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "sources/origin_client.h"
#include "sources/ranged_originals.h"
#include "sources/source_file.h"

namespace pictor::sources {

struct SourceCacheOptions {
    std::filesystem::path dir;
    std::int64_t max_bytes = 10LL * 1024 * 1024 * 1024;
    int revalidate_s = 300;
    int negative_ttl_s = 10;
    // An original used this recently is not evicted (a render may be about to open it); the
    // cache may exceed max_bytes meanwhile.
    int in_use_s = 30;
    // Large TIFFs read with ranged requests instead (sources/ranged_originals.h); off when 0.
    std::int64_t ranged_min_bytes = 0;
    RangedReadOptions ranged_reads;
};

struct SourceCacheStats {
    std::uint64_t fetches = 0, revalidations = 0, not_modified = 0, errors = 0, hits = 0;
    std::uint64_t bytes_fetched = 0;
    std::int64_t bytes_stored = 0;
};

class SourceCache {
  public:
    // `fetch` performs one origin GET (conditional when the request says so).
    using Fetch = std::function<core::Result<OriginAnswer>(const OriginRequest&)>;

    explicit SourceCache(SourceCacheOptions options);

    // The cached original of `request.url`, fetched or revalidated as needed.
    core::Result<SourceFile> get(const OriginRequest& request, const Fetch& fetch);
    // The cached original of `url` when it is fresh (no revalidation due): never fetches, never
    // waits for a fetch, so it may be asked on a network thread.
    std::optional<SourceFile> peek(const std::string& url);
    SourceCacheStats stats() const;

  private:
    struct Entry {
        std::string url, etag, last_modified, version;
        std::int64_t bytes = 0;
        std::chrono::system_clock::time_point fetched;
        std::uint64_t last_used = 0;
        std::chrono::steady_clock::time_point used_at; // zero: not used since start-up
    };
    struct Failure {
        core::Error error;
        std::chrono::steady_clock::time_point until;
    };

    std::filesystem::path data_path(const std::string& key) const;
    std::filesystem::path meta_path(const std::string& key) const;
    void load_index();
    core::Result<SourceFile> file_of(const std::string& key, const Entry& e) const;
    // A cold original that may be a large TIFF: opened for ranged reads, stored whole when the
    // probe brought all of it, or nothing (then it is downloaded whole).
    std::optional<core::Result<SourceFile>>
    try_ranged(const std::string& key, const OriginRequest& request, const Fetch& fetch);
    // Without waiting on anything: a fresh cached original, a remembered failure, or nothing.
    std::optional<core::Result<SourceFile>> known_fresh(const std::string& key);
    // A failed origin request: the cached original while the origin is down, else the error,
    // remembered for negative_ttl_s.
    core::Result<SourceFile> failed(const std::string& key, const std::optional<Entry>& cached,
                                    const core::Error& error);
    core::Result<SourceFile> store(const std::string& key, const std::string& url,
                                   OriginAnswer answer);
    core::Result<void> write_meta(const std::string& key, const Entry& e) const;
    void touch(const std::string& key);
    void evict_over_budget(const std::string& keep);
    std::shared_ptr<std::mutex> key_lock(const std::string& key);

    SourceCacheOptions options_;
    mutable std::mutex mutex_; // index_, failures_, locks_, stats_, clock_
    std::map<std::string, Entry> index_;
    std::map<std::string, Failure> failures_;
    std::map<std::string, std::weak_ptr<std::mutex>> locks_;
    // URL -> key (its SHA-256), so a warm hit hashes nothing (bounded; refilled on demand).
    std::unordered_map<std::string, std::string> keys_;
    std::string key_for(const std::string& url); // with mutex_ held
    SourceCacheStats stats_;
    std::uint64_t clock_ = 0;
    RangedOriginals ranged_;
};

} // namespace pictor::sources
