#pragma once
// The folder of pyramid side-cars (service/pyramid_sidecars): one tiled TIFF per source version,
// named by the source's content hash. Bounded in bytes, least recently used first out, except
// that a side-car used within `in_use_s` is kept (a render may be about to open it). Found again
// after a restart; half-written files of a crashed build are removed at start-up.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace pictor::cache {

struct PyramidStoreOptions {
    std::filesystem::path dir;
    std::int64_t max_bytes = 10LL * 1024 * 1024 * 1024;
    int in_use_s = 60;
};

struct PyramidStoreStats {
    std::uint64_t entries = 0, evictions = 0;
    std::int64_t bytes = 0;
};

class PyramidStore {
  public:
    explicit PyramidStore(PyramidStoreOptions options);

    // Where the side-car of `key` lives (or will, once built). `key` is a hex digest.
    std::filesystem::path path_for(const std::string& key) const;
    // The side-car of `key` if it exists, marked as used now.
    std::optional<std::filesystem::path> find(const std::string& key);
    // Counts a side-car a builder has just renamed into path_for(key), then evicts over the bound.
    void added(const std::string& key);
    // Forgets and deletes a side-car that turned out unreadable.
    void remove(const std::string& key);
    PyramidStoreStats stats() const;

  private:
    struct Entry {
        std::int64_t bytes = 0;
        std::uint64_t last_used = 0;
        std::chrono::steady_clock::time_point used_at; // zero: not used since start-up
    };
    void scan();
    void evict_over_bound(); // mutex held

    PyramidStoreOptions options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::int64_t bytes_ = 0;
    std::uint64_t clock_ = 0, evictions_ = 0;
};

} // namespace pictor::cache
