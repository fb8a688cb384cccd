#pragma once
// Rendered derivatives on local disk (docs/caching.md): one file per key, written to a temp file
// and renamed into place, verified by a checksum on every read from disk (a truncated or corrupt
// entry is deleted and reported as a miss, never served), bounded in bytes with the least
// recently used entries evicted first, and found again after a restart. The most recently
// used entries are also kept, already verified, in a small memory tier. An optional shared
// tier (cache/shared_tier.h) is written after every local write and read on a local miss.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cache/cached_image.h"
#include "cache/shared_tier.h"
#include "core/result.h"

namespace pictor::cache {

struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t memory_hits = 0; // part of hits
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
    std::uint64_t write_errors = 0;
    std::uint64_t corrupt = 0; // entries that failed verification and were dropped
    std::uint64_t entries = 0;
    std::uint64_t bytes = 0; // on disk
};

class DerivativeCache {
  public:
    // Creates the directory if needed and indexes what an earlier run left there.
    static core::Result<std::unique_ptr<DerivativeCache>>
    open(const std::filesystem::path& dir, std::int64_t max_bytes, std::int64_t memory_bytes,
         std::unique_ptr<SharedTier> shared = nullptr);

    // `key` is a lowercase hex digest (see service/rendition_service). A second look for the
    // same request passes count_miss = false so one request is one miss at most.
    std::shared_ptr<const CachedImage> get(const std::string& key, bool count_miss = true);
    // Failures (disk full, read-only or vanished directory) are counted and returned; the
    // caller logs them and answers the request anyway.
    // The memory tier only: never touches the disk, so the network thread may ask. A miss
    // here is not counted (the caller goes on to get()).
    std::shared_ptr<const CachedImage> get_from_memory(const std::string& key);
    core::Result<void> put(const std::string& key, const CachedImage& image);
    // The shared tier's entry, kept on local disk from then on; nothing without a shared tier,
    // on its miss, or for a damaged entry (counted as corrupt). Network I/O: a worker's call.
    std::shared_ptr<const CachedImage> get_shared(const std::string& key);
    // Clears this node's tiers; the shared tier is left to its own expiry.
    void purge();
    // Whether a file can be created in the cache folder now (for /readyz): a folder that
    // vanished, turned read-only or is full fails. Disk I/O: a worker's call.
    core::Result<void> writable() const;
    CacheStats stats() const;
    SharedTier* shared_tier() const { return shared_.get(); }

  private:
    DerivativeCache(std::filesystem::path dir, std::int64_t max_bytes, std::int64_t memory_bytes);
    void index_existing();
    // Writes an encoded entry to disk and indexes it, with `image` in the memory tier.
    core::Result<void> store_locally(const std::string& key, const std::string& entry,
                                     std::shared_ptr<const CachedImage> image);
    std::filesystem::path path_for(const std::string& key) const;
    void remember_in_memory(const std::string& key, std::shared_ptr<const CachedImage> image);
    void add_to_index(const std::string& key, std::uint64_t bytes);
    // With the mutex held: a memory-tier entry (counted as a hit), marking it recently used.
    std::shared_ptr<const CachedImage> memory_hit(const std::string& key);
    void touch_disk(const std::string& key); // most recently used on disk; mutex held
    void forget(const std::string& key);     // drops index + memory entries; mutex held
    void evict_over_bound();                 // mutex held

    struct DiskEntry {
        std::uint64_t bytes;
        std::list<std::string>::iterator order;
    };
    struct MemoryEntry {
        std::shared_ptr<const CachedImage> image;
        std::list<std::string>::iterator order;
    };

    std::filesystem::path dir_;
    std::unique_ptr<SharedTier> shared_;
    std::uint64_t max_bytes_;
    std::uint64_t memory_max_;
    mutable std::mutex mutex_;
    std::list<std::string> disk_order_; // front = most recently used
    std::unordered_map<std::string, DiskEntry> disk_;
    std::uint64_t disk_bytes_ = 0;
    std::list<std::string> memory_order_;
    std::unordered_map<std::string, MemoryEntry> memory_;
    std::uint64_t memory_bytes_ = 0;
    std::atomic<std::uint64_t> hits_{0}, memory_hits_{0}, misses_{0}, evictions_{0},
        write_errors_{0}, corrupt_{0}, temp_counter_{0};
};

} // namespace pictor::cache
