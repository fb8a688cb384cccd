#include "sources/source_cache.h"

#include <fstream>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "core/atomic_file.h"
#include "core/digest.h"
#include "core/image_format.h"
#include "core/io_lane.h"

namespace pictor::sources {

using core::Error;
using core::ErrorCode;
using core::Result;
using Clock = std::chrono::system_clock;

namespace {

std::int64_t seconds_of(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Errors worth remembering briefly: the origin said no, or could not be asked.
bool remembered(const Error& e) {
    return e.code == ErrorCode::NotFound || e.code == ErrorCode::UpstreamFailed ||
           e.code == ErrorCode::SourceCorrupt || e.code == ErrorCode::UpstreamTimeout;
}

} // namespace

SourceCache::SourceCache(SourceCacheOptions options)
    : options_(std::move(options)),
      ranged_({options_.ranged_min_bytes, options_.ranged_reads, 64, options_.revalidate_s}) {
    std::error_code ec;
    std::filesystem::create_directories(options_.dir / "tmp", ec);
    for (auto& stale : std::filesystem::directory_iterator(options_.dir / "tmp", ec))
        std::filesystem::remove(stale.path(), ec); // fetches cut short by a crash
    load_index();
}

std::filesystem::path SourceCache::data_path(const std::string& key) const {
    return options_.dir / (key + ".bin");
}

std::filesystem::path SourceCache::meta_path(const std::string& key) const {
    return options_.dir / (key + ".json");
}

void SourceCache::load_index() {
    std::error_code ec;
    for (auto& item : std::filesystem::directory_iterator(options_.dir, ec)) {
        if (item.path().extension() != ".json") continue;
        std::string key = item.path().stem().string();
        std::ifstream in(item.path());
        auto j = nlohmann::json::parse(in, nullptr, false);
        std::error_code size_ec;
        auto bytes = std::filesystem::file_size(data_path(key), size_ec);
        if (j.is_discarded() || !j.is_object() || size_ec) {
            std::filesystem::remove(item.path(), ec);
            std::filesystem::remove(data_path(key), ec);
            continue;
        }
        Entry e;
        e.url = j.value("url", "");
        e.etag = j.value("etag", "");
        e.last_modified = j.value("last_modified", "");
        e.version = j.value("version", "");
        e.fetched = Clock::time_point(std::chrono::seconds(j.value("fetched", 0LL)));
        e.bytes = static_cast<std::int64_t>(bytes);
        index_[key] = std::move(e);
        stats_.bytes_stored += static_cast<std::int64_t>(bytes);
    }
}

std::shared_ptr<std::mutex> SourceCache::key_lock(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto& weak = locks_[key];
    auto strong = weak.lock();
    if (!strong) {
        strong = std::make_shared<std::mutex>();
        weak = strong;
    }
    if (locks_.size() > 4096) // forget the locks nobody holds
        for (auto it = locks_.begin(); it != locks_.end();)
            it = it->second.expired() ? locks_.erase(it) : std::next(it);
    return strong;
}

Result<SourceFile> SourceCache::file_of(const std::string& key, const Entry& e) const {
    struct stat st {};
    auto path = data_path(key);
    if (::stat(path.c_str(), &st) != 0) return Error::not_found("evicted");
    SourceFile f;
    f.path = path;
    f.bytes = static_cast<std::uintmax_t>(st.st_size);
    f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    f.origin_version = e.version;
    return f;
}

Result<void> SourceCache::write_meta(const std::string& key, const Entry& e) const {
    nlohmann::json meta = {{"url", e.url},
                           {"etag", e.etag},
                           {"last_modified", e.last_modified},
                           {"version", e.version},
                           {"fetched", seconds_of(e.fetched)}};
    auto temp = core::write_temp_file(options_.dir / "tmp", meta.dump());
    if (!temp) return temp.error();
    return core::commit_file(*temp, meta_path(key));
}

void SourceCache::touch(const std::string& key) {
    if (auto it = index_.find(key); it != index_.end()) {
        it->second.last_used = ++clock_;
        it->second.used_at = std::chrono::steady_clock::now();
    }
}

Result<SourceFile> SourceCache::store(const std::string& key, const std::string& url,
                                      OriginAnswer answer) {
    Entry e;
    e.url = url;
    e.etag = answer.etag;
    e.last_modified = answer.last_modified;
    // The origin's ETag names the version; without one, the content does.
    e.version =
        answer.etag.empty() ? "sha256:" + core::sha256_hex(answer.body) : "etag:" + answer.etag;
    e.bytes = static_cast<std::int64_t>(answer.body.size());
    e.fetched = Clock::now();
    auto temp = core::write_temp_file(options_.dir / "tmp", answer.body);
    if (!temp) return temp.error();
    if (auto r = core::commit_file(*temp, data_path(key)); !r) return r.error();
    if (auto r = write_meta(key, e); !r) return r.error();
    {
        std::lock_guard lock(mutex_);
        if (auto old = index_.find(key); old != index_.end())
            stats_.bytes_stored -= old->second.bytes;
        stats_.bytes_stored += e.bytes;
        stats_.bytes_fetched += static_cast<std::uint64_t>(e.bytes);
        index_[key] = e;
        touch(key);
        evict_over_budget(key);
    }
    return file_of(key, e);
}

void SourceCache::evict_over_budget(const std::string& keep) {
    const auto recent = std::chrono::steady_clock::now() - std::chrono::seconds(options_.in_use_s);
    while (stats_.bytes_stored > options_.max_bytes && index_.size() > 1) {
        auto victim = index_.end();
        for (auto it = index_.begin(); it != index_.end(); ++it)
            if (it->first != keep && it->second.used_at <= recent &&
                (victim == index_.end() || it->second.last_used < victim->second.last_used))
                victim = it;
        if (victim == index_.end()) break; // all in use: over budget until they are not
        std::error_code ec;
        // Not used for in_use_s: no render is about to open it (one that has it open keeps
        // reading it); the next request fetches it again.
        std::filesystem::remove(meta_path(victim->first), ec);
        std::filesystem::remove(data_path(victim->first), ec);
        stats_.bytes_stored -= victim->second.bytes;
        index_.erase(victim);
    }
}

Result<SourceFile> SourceCache::get(const OriginRequest& request, const Fetch& fetch) {
    std::string key;
    {
        std::lock_guard lock(mutex_);
        key = key_for(request.url);
    }
    if (auto known = known_fresh(key)) return std::move(*known);
    // From here on this request may wait on the network, or on another request's fetch of the
    // same original: off the CPU (core/io_lane.h).
    core::BlockingIo io;
    if (!io.admitted())
        return Error{ErrorCode::Busy, "too many requests are waiting on remote origins; try again",
                     "limits.io_lane is full"};
    auto serialise = key_lock(key); // one fetch per original; the others wait and reuse it
    std::lock_guard one_at_a_time(*serialise);
    std::optional<Entry> cached;
    {
        std::lock_guard lock(mutex_);
        if (auto f = failures_.find(key); f != failures_.end()) {
            if (std::chrono::steady_clock::now() < f->second.until) return f->second.error;
            failures_.erase(f);
        }
        if (auto it = index_.find(key); it != index_.end()) {
            touch(key);
            cached = it->second;
        }
    }
    auto fresh = [&](const Entry& e) {
        return Clock::now() - e.fetched < std::chrono::seconds(options_.revalidate_s);
    };
    if (cached && fresh(*cached)) {
        if (auto file = file_of(key, *cached)) {
            std::lock_guard lock(mutex_);
            ++stats_.hits;
            return file;
        }
        cached.reset(); // evicted meanwhile
    }
    if (!cached && ranged_.candidate(request.url))
        if (auto ranged = try_ranged(key, request, fetch)) return std::move(*ranged);
    OriginRequest conditional = request;
    if (cached) {
        conditional.if_none_match = cached->etag;
        conditional.if_modified_since = cached->etag.empty() ? cached->last_modified : "";
    }
    auto answer = fetch(conditional);
    {
        std::lock_guard lock(mutex_);
        ++(cached ? stats_.revalidations : stats_.fetches);
    }
    if (!answer) return failed(key, cached, answer.error());
    if (answer->status == 304 && cached) {
        std::lock_guard lock(mutex_);
        ++stats_.not_modified;
        auto& e = index_[key];
        e.fetched = Clock::now();
        (void)write_meta(key, e); // at worst the next restart revalidates once more
        return file_of(key, e);
    }
    return store(key, request.url, std::move(*answer));
}

std::optional<Result<SourceFile>> SourceCache::known_fresh(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto f = failures_.find(key); f != failures_.end())
        if (std::chrono::steady_clock::now() < f->second.until)
            return Result<SourceFile>(f->second.error);
    auto it = index_.find(key);
    if (it == index_.end() ||
        Clock::now() - it->second.fetched >= std::chrono::seconds(options_.revalidate_s))
        return std::nullopt;
    auto file = file_of(key, it->second);
    if (!file) return std::nullopt;
    touch(key);
    ++stats_.hits;
    return file;
}

Result<SourceFile> SourceCache::failed(const std::string& key, const std::optional<Entry>& cached,
                                       const Error& error) {
    std::lock_guard lock(mutex_);
    ++stats_.errors;
    // An origin that is down does not make a cached original wrong: keep serving it. One that
    // says the image is gone does.
    if (cached && error.code != ErrorCode::NotFound) {
        if (auto file = file_of(key, *cached)) return file;
    }
    if (cached && error.code == ErrorCode::NotFound) {
        std::error_code ec;
        std::filesystem::remove(meta_path(key), ec);
        std::filesystem::remove(data_path(key), ec);
        stats_.bytes_stored -= cached->bytes;
        index_.erase(key);
    }
    if (remembered(error))
        failures_[key] = {error, std::chrono::steady_clock::now() +
                                     std::chrono::seconds(options_.negative_ttl_s)};
    return error;
}

std::optional<Result<SourceFile>>
SourceCache::try_ranged(const std::string& key, const OriginRequest& request, const Fetch& fetch) {
    if (auto open = ranged_.fresh(key)) {
        std::lock_guard lock(mutex_);
        ++stats_.hits;
        return Result<SourceFile>(*open);
    }
    auto probe = fetch(ranged_.probe_request(request));
    {
        std::lock_guard lock(mutex_);
        ++stats_.fetches;
    }
    if (!probe) {
        if (auto open = ranged_.stale(key); open && probe.error().code != ErrorCode::NotFound)
            return Result<SourceFile>(*open);
        ranged_.forget(key);
        return failed(key, std::nullopt, probe.error());
    }
    // All of it came: an origin without ranges (200), or a file within the first block.
    if (probe->status == 206 && probe->total_bytes == probe->body.size()) {
        if (!core::sniff_image_format(probe->body))
            return failed(key, std::nullopt,
                          Error{ErrorCode::SourceCorrupt,
                                "the image's origin sent something that is not an image",
                                request.url + ": content type '" + probe->content_type + "'"});
        probe->status = 200;
    }
    if (probe->status == 200) return store(key, request.url, std::move(*probe));
    if (auto open = ranged_.open(key, request, *probe, fetch)) return Result<SourceFile>(*open);
    return std::nullopt;
}

std::string SourceCache::key_for(const std::string& url) {
    if (auto it = keys_.find(url); it != keys_.end()) return it->second;
    if (keys_.size() >= 65536) keys_.clear();
    return keys_[url] = core::sha256_hex(url);
}

std::optional<SourceFile> SourceCache::peek(const std::string& url) {
    std::string key;
    Entry e;
    {
        std::lock_guard lock(mutex_);
        key = key_for(url);
        if (auto open = ranged_.fresh(key)) {
            ++stats_.hits;
            return open;
        }
        auto it = index_.find(key);
        if (it == index_.end() || failures_.count(key)) return std::nullopt;
        if (Clock::now() - it->second.fetched >= std::chrono::seconds(options_.revalidate_s))
            return std::nullopt;
        touch(key);
        ++stats_.hits;
        e = it->second;
    }
    auto file = file_of(key, e);
    if (!file) return std::nullopt;
    return *file;
}

SourceCacheStats SourceCache::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

} // namespace pictor::sources
