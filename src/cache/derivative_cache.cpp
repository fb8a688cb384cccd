#include "cache/derivative_cache.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "cache/cache_entry.h"
#include "core/atomic_file.h"
#include "core/system_error.h"

namespace pictor::cache {
namespace fs = std::filesystem;

namespace {

bool is_key(const std::string& name) {
    return name.size() >= 16 && name.size() <= 128 &&
           std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::string> read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(buffer).str();
}

} // namespace

DerivativeCache::DerivativeCache(fs::path dir, std::int64_t max_bytes, std::int64_t memory_bytes)
    : dir_(std::move(dir)), max_bytes_(static_cast<std::uint64_t>(max_bytes)),
      memory_max_(static_cast<std::uint64_t>(memory_bytes)) {}

core::Result<std::unique_ptr<DerivativeCache>>
DerivativeCache::open(const fs::path& dir, std::int64_t max_bytes, std::int64_t memory_bytes,
                      std::unique_ptr<SharedTier> shared) {
    std::error_code ec;
    fs::create_directories(dir / "tmp", ec);
    if (ec)
        return core::Error::bad_request("cannot create the cache directory '" + dir.string() +
                                        "': " + ec.message());
    std::unique_ptr<DerivativeCache> cache(new DerivativeCache(dir, max_bytes, memory_bytes));
    cache->index_existing();
    cache->shared_ = std::move(shared);
    return cache;
}

// Temp files of an interrupted run are removed; finished entries are indexed, oldest write
// first out, since the recency of a previous run's reads is not kept.
void DerivativeCache::index_existing() {
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir_ / "tmp", ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        fs::remove(it->path(), ec);
    struct Found {
        std::string key;
        std::uint64_t bytes;
        fs::file_time_type written;
    };
    std::vector<Found> found;
    for (auto it = fs::recursive_directory_iterator(dir_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().parent_path().filename() == "tmp") continue;
        std::string name = it->path().filename().string();
        if (!is_key(name)) continue;
        found.push_back(
            {name, static_cast<std::uint64_t>(it->file_size(ec)), it->last_write_time(ec)});
    }
    std::sort(found.begin(), found.end(),
              [](const Found& a, const Found& b) { return a.written < b.written; });
    std::lock_guard lock(mutex_);
    for (const auto& f : found)
        add_to_index(f.key, f.bytes); // newest ends up in front
    evict_over_bound();
}

fs::path DerivativeCache::path_for(const std::string& key) const {
    return dir_ / key.substr(0, 2) / key;
}

std::shared_ptr<const CachedImage> DerivativeCache::get(const std::string& key, bool count_miss) {
    {
        std::lock_guard lock(mutex_);
        if (auto hit = memory_hit(key)) return hit;
        if (disk_.find(key) == disk_.end()) {
            if (count_miss) ++misses_;
            return nullptr;
        }
    }
    auto file = read_whole(path_for(key));
    std::optional<CachedImage> image = file ? decode_cache_entry(*file) : std::nullopt;
    std::lock_guard lock(mutex_);
    if (!image) {
        if (file) ++corrupt_;
        std::error_code ec;
        fs::remove(path_for(key), ec);
        forget(key);
        if (count_miss) ++misses_;
        return nullptr;
    }
    touch_disk(key);
    auto shared = std::make_shared<const CachedImage>(std::move(*image));
    remember_in_memory(key, shared);
    ++hits_;
    return shared;
}

std::shared_ptr<const CachedImage> DerivativeCache::get_from_memory(const std::string& key) {
    std::lock_guard lock(mutex_);
    return memory_hit(key);
}

std::shared_ptr<const CachedImage> DerivativeCache::memory_hit(const std::string& key) {
    auto m = memory_.find(key);
    if (m == memory_.end()) return nullptr;
    memory_order_.splice(memory_order_.begin(), memory_order_, m->second.order);
    touch_disk(key);
    ++hits_;
    ++memory_hits_;
    return m->second.image;
}

void DerivativeCache::touch_disk(const std::string& key) {
    if (auto d = disk_.find(key); d != disk_.end())
        disk_order_.splice(disk_order_.begin(), disk_order_, d->second.order);
}

core::Result<void> DerivativeCache::writable() const {
    // A name no cache entry has (entries are hex digests), unique per process and call.
    static std::atomic<unsigned> serial{0};
    auto probe = dir_ / (".ready-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return core::system_error(errno, "create a file in " + dir_.string());
    bool wrote = ::write(fd, "1", 1) == 1;
    int saved = wrote ? 0 : (errno != 0 ? errno : ENOSPC);
    ::close(fd);
    ::unlink(probe.c_str());
    if (!wrote) return core::system_error(saved, "write in " + dir_.string());
    return {};
}

core::Result<void> DerivativeCache::put(const std::string& key, const CachedImage& image) {
    std::string entry = encode_cache_entry(image);
    auto stored = store_locally(key, entry, std::make_shared<const CachedImage>(image));
    if (shared_) shared_->put(key, std::move(entry)); // even when the local disk failed
    return stored;
}

std::shared_ptr<const CachedImage> DerivativeCache::get_shared(const std::string& key) {
    if (!shared_) return nullptr;
    auto entry = shared_->get(key);
    if (!entry) return nullptr;
    std::optional<CachedImage> image = decode_cache_entry(*entry);
    if (!image) {
        ++corrupt_;
        return nullptr;
    }
    auto shared = std::make_shared<const CachedImage>(std::move(*image));
    if (auto stored = store_locally(key, *entry, shared); !stored) {
        std::lock_guard lock(mutex_);
        remember_in_memory(key, shared);
    }
    ++hits_;
    return shared;
}

core::Result<void> DerivativeCache::store_locally(const std::string& key, const std::string& entry,
                                                  std::shared_ptr<const CachedImage> image) {
    fs::path final_path = path_for(key);
    fs::path temp =
        dir_ / "tmp" /
        (key + "." + std::to_string(::getpid()) + "." + std::to_string(temp_counter_++));
    std::error_code ec;
    fs::create_directories(final_path.parent_path(), ec);
    auto written = ec ? core::Result<void>(core::system_error(
                            ec.value(), "create " + final_path.parent_path().string()))
                      : core::write_new_file(temp, entry, false);
    if (written) {
        fs::rename(temp, final_path, ec);
        if (ec) {
            fs::remove(temp, ec);
            written = core::system_error(ec.value(), "rename into " + final_path.string());
        }
    }
    if (!written) {
        ++write_errors_;
        return written;
    }
    std::lock_guard lock(mutex_);
    forget(key);
    add_to_index(key, entry.size());
    remember_in_memory(key, std::move(image));
    evict_over_bound();
    return {};
}

void DerivativeCache::purge() {
    std::lock_guard lock(mutex_);
    std::error_code ec;
    for (const auto& key : disk_order_)
        fs::remove(path_for(key), ec);
    evictions_ += disk_.size();
    disk_.clear();
    disk_order_.clear();
    disk_bytes_ = 0;
    memory_.clear();
    memory_order_.clear();
    memory_bytes_ = 0;
}

CacheStats DerivativeCache::stats() const {
    CacheStats s;
    s.hits = hits_;
    s.memory_hits = memory_hits_;
    s.misses = misses_;
    s.evictions = evictions_;
    s.write_errors = write_errors_;
    s.corrupt = corrupt_;
    std::lock_guard lock(mutex_);
    s.entries = disk_.size();
    s.bytes = disk_bytes_;
    return s;
}

void DerivativeCache::remember_in_memory(const std::string& key,
                                         std::shared_ptr<const CachedImage> image) {
    std::uint64_t size = image->bytes.size();
    if (size > memory_max_ / 4) return; // one large answer must not flush the whole tier
    if (memory_.count(key)) return;
    memory_order_.push_front(key);
    memory_.emplace(key, MemoryEntry{std::move(image), memory_order_.begin()});
    memory_bytes_ += size;
    while (memory_bytes_ > memory_max_ && !memory_order_.empty()) {
        auto victim = memory_.find(memory_order_.back());
        memory_bytes_ -= victim->second.image->bytes.size();
        memory_.erase(victim);
        memory_order_.pop_back();
    }
}

void DerivativeCache::add_to_index(const std::string& key, std::uint64_t bytes) {
    disk_order_.push_front(key);
    disk_.emplace(key, DiskEntry{bytes, disk_order_.begin()});
    disk_bytes_ += bytes;
}

void DerivativeCache::forget(const std::string& key) {
    if (auto d = disk_.find(key); d != disk_.end()) {
        disk_bytes_ -= d->second.bytes;
        disk_order_.erase(d->second.order);
        disk_.erase(d);
    }
    if (auto m = memory_.find(key); m != memory_.end()) {
        memory_bytes_ -= m->second.image->bytes.size();
        memory_order_.erase(m->second.order);
        memory_.erase(m);
    }
}

void DerivativeCache::evict_over_bound() {
    std::error_code ec;
    while (disk_bytes_ > max_bytes_ && !disk_order_.empty()) {
        std::string victim = disk_order_.back();
        fs::remove(path_for(victim), ec);
        forget(victim);
        ++evictions_;
    }
}

} // namespace pictor::cache
