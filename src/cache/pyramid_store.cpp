#include "cache/pyramid_store.h"

#include <algorithm>
#include <vector>

namespace pictor::cache {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".tif";

bool is_hex_key(std::string_view name) {
    return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

} // namespace

PyramidStore::PyramidStore(PyramidStoreOptions options) : options_(std::move(options)) {
    std::error_code ec;
    fs::create_directories(options_.dir, ec);
    scan();
}

void PyramidStore::scan() {
    // Oldest modification first, so the least recently built go first after a restart.
    std::vector<std::pair<fs::file_time_type, std::string>> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options_.dir, ec)) {
        std::string name = e.path().filename().string();
        if (name.find(".tmp-") != std::string::npos) { // a build cut short by a crash
            fs::remove(e.path(), ec);
            continue;
        }
        if (!name.ends_with(kSuffix)) continue;
        std::string key = name.substr(0, name.size() - kSuffix.size());
        if (!is_hex_key(key) || !e.is_regular_file(ec)) continue;
        found.emplace_back(e.last_write_time(ec), key);
        entries_[key].bytes = static_cast<std::int64_t>(e.file_size(ec));
        bytes_ += entries_[key].bytes;
    }
    std::sort(found.begin(), found.end());
    for (const auto& [time, key] : found)
        entries_[key].last_used = ++clock_;
    std::lock_guard lock(mutex_);
    evict_over_bound();
}

fs::path PyramidStore::path_for(const std::string& key) const {
    return options_.dir / (key + std::string(kSuffix));
}

std::optional<fs::path> PyramidStore::find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    it->second.last_used = ++clock_;
    it->second.used_at = std::chrono::steady_clock::now();
    return path_for(key);
}

void PyramidStore::added(const std::string& key) {
    std::error_code ec;
    auto size = fs::file_size(path_for(key), ec);
    if (ec) return;
    std::lock_guard lock(mutex_);
    auto& e = entries_[key];
    bytes_ += static_cast<std::int64_t>(size) - e.bytes;
    e.bytes = static_cast<std::int64_t>(size);
    e.last_used = ++clock_;
    e.used_at = std::chrono::steady_clock::now();
    evict_over_bound();
}

void PyramidStore::remove(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    bytes_ -= it->second.bytes;
    entries_.erase(it);
    std::error_code ec;
    fs::remove(path_for(key), ec);
}

void PyramidStore::evict_over_bound() {
    auto now = std::chrono::steady_clock::now();
    auto recent = std::chrono::seconds(options_.in_use_s);
    while (bytes_ > options_.max_bytes) {
        auto victim = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
            bool in_use = it->second.used_at.time_since_epoch().count() != 0 &&
                          now - it->second.used_at < recent;
            if (!in_use &&
                (victim == entries_.end() || it->second.last_used < victim->second.last_used))
                victim = it;
        }
        if (victim == entries_.end()) return; // everything is in use: over the bound for now
        std::error_code ec;
        fs::remove(path_for(victim->first), ec);
        bytes_ -= victim->second.bytes;
        entries_.erase(victim);
        ++evictions_;
    }
}

PyramidStoreStats PyramidStore::stats() const {
    std::lock_guard lock(mutex_);
    return {entries_.size(), evictions_, bytes_};
}

} // namespace pictor::cache
