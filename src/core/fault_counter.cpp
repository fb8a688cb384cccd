#include "core/fault_counter.h"

namespace pictor::core {

bool FaultCounter::record(const std::string& area, const std::string& cause,
                          std::uint64_t* suppressed) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    Entry* entry = nullptr;
    for (auto& e : entries_)
        if (e.count.area == area && e.count.cause == cause) entry = &e;
    if (!entry) {
        entries_.push_back({{area, cause, 0}, {}, 0});
        entry = &entries_.back();
    }
    ++entry->count.count;
    bool first = entry->count.count == 1 || now - entry->logged >= log_interval_;
    if (!first) {
        ++entry->since_logged;
        return false;
    }
    if (suppressed) *suppressed = entry->since_logged;
    entry->since_logged = 0;
    entry->logged = now;
    return true;
}

std::vector<FaultCount> FaultCounter::counts() const {
    std::lock_guard lock(mutex_);
    std::vector<FaultCount> out;
    for (const auto& e : entries_)
        out.push_back(e.count);
    return out;
}

FaultCounter& FaultCounter::process() {
    static FaultCounter counter;
    return counter;
}

} // namespace pictor::core
