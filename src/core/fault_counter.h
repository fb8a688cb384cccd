#pragma once
// Environment faults (a full or read-only folder, no file descriptors, failing memory, an origin
// that does not answer) counted by where they happened and why, for the metric
// pictor_faults_total{area,cause}, and rate-limited for the log: record() says whether this one
// is the first of its kind in the current interval, so the caller logs it with its cause once
// per interval instead of once per request (a full disk under load would flood the log exactly
// when the operator reads it). One process-wide table: faults come from every layer and the
// metrics page reads them all.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace pictor::core {

struct FaultCount {
    std::string area;  // "cache", "pyramid", "temp", "source_cache", "preview", "origin", ...
    std::string cause; // "no_space", "read_only", "file_descriptors", "memory", ...
    std::uint64_t count = 0;
};

class FaultCounter {
  public:
    explicit FaultCounter(std::chrono::seconds log_interval = std::chrono::seconds(60))
        : log_interval_(log_interval) {}

    // Counts one fault; true when it should be logged (the first of its area and cause in
    // this interval), with `suppressed` set to how many were not logged since the last time.
    bool record(const std::string& area, const std::string& cause,
                std::uint64_t* suppressed = nullptr);
    std::vector<FaultCount> counts() const;

    // The process's table.
    static FaultCounter& process();

  private:
    struct Entry {
        FaultCount count;
        std::chrono::steady_clock::time_point logged{};
        std::uint64_t since_logged = 0;
    };
    std::chrono::seconds log_interval_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_; // a handful of (area, cause) pairs: a list is enough
};

} // namespace pictor::core
