#pragma once
// The derivative cache's second tier, shared by every node (issue 16): a rendition computed on
// one node is found by the others on a local miss. Entries are named by the derivative's key (a
// lowercase hex digest: nothing a client sends reaches the storage name) and hold the same
// checksummed form as a local entry (cache/cache_entry.h), so a damaged one is a miss.
#include <cstdint>
#include <optional>
#include <string>

namespace pictor::cache {

struct SharedTierStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t errors = 0; // reads that failed (unreachable, timed out, refused)
    std::uint64_t writes = 0;
    std::uint64_t write_errors = 0;
    std::uint64_t dropped = 0; // writes not attempted: the queue was full
};

class SharedTier {
  public:
    virtual ~SharedTier() = default;
    // The stored entry, or nothing for a miss or a failure (counted; the caller renders).
    virtual std::optional<std::string> get(const std::string& key) = 0;
    // Stores an entry without making the caller wait for the storage.
    virtual void put(const std::string& key, std::string entry) = 0;
    // Waits until every accepted write has been tried (tests; an orderly stop).
    virtual void flush() = 0;
    virtual SharedTierStats stats() const = 0;
    virtual std::string describe() const = 0;
};

} // namespace pictor::cache
