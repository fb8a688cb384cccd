#include "service/pyramid_sidecars.h"

#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "core/digest.h"
#include "core/fault_counter.h"
#include "core/system_error.h"
#include "service/fault_report.h"

namespace pictor::service {

namespace {

// Failed keys are kept so a broken source is not rebuilt on every request; the set is bounded.
constexpr std::size_t kMaxFailedRemembered = 10000;
// The niceness of a side-car's write while its decoded copy serves renders: a share of a busy
// core small enough to keep tiles quick, large enough to finish within seconds under load.
constexpr int kWriteBesideCopyNice = 10;

} // namespace

PyramidSidecars::PyramidSidecars(config::PyramidConfig options, const config::RuntimeLimits& limits,
                                 cache::PyramidStore& store, const engine::Engine& engine)
    : options_(options), limits_(limits), store_(store), engine_(engine) {
    if (options_.min_pixels <= 0) return;
    for (int i = 0; i < std::max(1, options_.builders); ++i)
        threads_.emplace_back([this] { run(); });
}

PyramidSidecars::~PyramidSidecars() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        waiting_.clear();
    }
    wake_.notify_all();
    finished_.notify_all();
    for (auto& t : threads_)
        t.join();
}

bool PyramidSidecars::wants(const sources::SourceFile& file, const engine::SourceInfo& info) const {
    return options_.min_pixels > 0 && !file.ranged && info.levels.size() <= 1 &&
           info.stored.area() >= options_.min_pixels &&
           info.stored.area() <= limits_.max_decoded_pixels();
}

std::shared_ptr<const PyramidSidecar> PyramidSidecars::ready_known(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = known_.find(key);
    return it == known_.end() ? nullptr : it->second;
}

std::shared_ptr<const PyramidSidecar> PyramidSidecars::ready(const std::string& key) {
    auto path = store_.find(key);
    if (!path) {
        std::lock_guard lock(mutex_);
        known_.erase(key); // evicted
        return nullptr;
    }
    if (auto known = ready_known(key)) return known;
    // Built by an earlier run: read its header once.
    auto info = engine_.probe(*path);
    if (!info) {
        spdlog::warn("pyramid side-car {} is unreadable, removing it: {}", path->string(),
                     info.error().detail);
        discard(key);
        return nullptr;
    }
    auto sidecar = std::make_shared<const PyramidSidecar>(PyramidSidecar{*path, *info});
    std::lock_guard lock(mutex_);
    known_[key] = sidecar;
    return sidecar;
}

bool PyramidSidecars::holds_decoded(const engine::SourceInfo& info, BuildFor purpose) const {
    // Only photographic sources: the copy serves 8-bit RGB tiles, and alpha or lossless
    // sources are rarely deep-zoomed right after an info.json of a huge PNG.
    return purpose == BuildFor::Viewer && info.stored.area() <= options_.decoded_copy_max_pixels &&
           engine::pyramid_compression(info) == engine::PyramidCompression::Jpeg;
}

bool PyramidSidecars::request(const std::string& key, const std::filesystem::path& source,
                              const engine::SourceInfo& info, BuildFor purpose) {
    if (threads_.empty()) return false;
    bool hold = holds_decoded(info, purpose);
    {
        std::lock_guard lock(mutex_);
        if (pending_.contains(key)) {
            if (hold) // a viewer asks for a build a render queued: it is worth a decoded copy
                for (auto& job : waiting_)
                    if (job.key == key) job.hold_decoded = true;
            return running_.contains(key) || (!waiting_.empty() && waiting_.front().key == key);
        }
        if (known_.contains(key) || failed_.contains(key)) return false;
        if (waiting_.size() >= static_cast<std::size_t>(options_.queue)) {
            ++dropped_;
            return false;
        }
        pending_.insert(key);
        waiting_.push_back({key, source, hold, info});
    }
    wake_.notify_one();
    return false;
}

std::shared_ptr<const PyramidSidecar>
PyramidSidecars::wait_for(const std::string& key, std::chrono::steady_clock::time_point until) {
    {
        std::unique_lock lock(mutex_);
        finished_.wait_until(lock, until, [&] { return stopping_ || !pending_.contains(key); });
        if (pending_.contains(key)) return nullptr;
    }
    return ready(key);
}

std::shared_ptr<const engine::DecodedSource>
PyramidSidecars::wait_for_decoded(const std::string& key,
                                  std::chrono::steady_clock::time_point until) {
    std::unique_lock lock(mutex_);
    finished_.wait_until(lock, until, [&] {
        return stopping_ || !pending_.contains(key) || decoded_.contains(key);
    });
    auto it = decoded_.find(key);
    return it == decoded_.end() ? nullptr : it->second;
}

void PyramidSidecars::discard(const std::string& key) {
    store_.remove(key);
    std::lock_guard lock(mutex_);
    known_.erase(key);
    if (failed_.size() >= kMaxFailedRemembered) failed_.clear();
    failed_.insert(key);
}

void PyramidSidecars::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
            if (stopping_) return;
            job = std::move(waiting_.front());
            waiting_.pop_front();
            running_.insert(job.key);
        }
        try {
            build(job);
        } catch (const std::bad_alloc&) {
            ++failures_;
            core::FaultCounter::process().record("pyramid", "memory");
        }
        {
            std::lock_guard lock(mutex_);
            pending_.erase(job.key);
            running_.erase(job.key);
            decoded_.erase(job.key); // renders holding it finish with it
        }
        finished_.notify_all();
    }
}

void PyramidSidecars::build(const Job& job) {
    if (store_.find(job.key)) { // built before a restart, or by another node's request
        ready(job.key);
        return;
    }
    auto target = store_.path_for(job.key);
    auto written = room_for(job, target);
    if (written) written = write(job, target);
    if (!written && written.error().code == core::ErrorCode::OutOfResources) {
        // The environment's fault, not the source's: counted, logged once a minute, and
        // built again by a later request once there is room.
        ++failures_;
        report_fault("pyramid", written.error(),
                     "pyramid side-cars are not being built (renders read the flat sources)");
        return;
    }
    if (!written) {
        ++failures_;
        spdlog::warn("pyramid side-car of {} not built: {}", job.source.string(),
                     written.error().detail);
        std::lock_guard lock(mutex_);
        if (failed_.size() >= kMaxFailedRemembered) failed_.clear();
        if (written.error().code == core::ErrorCode::SourceCorrupt) failed_.insert(job.key);
        return;
    }
    store_.added(job.key);
    ++builds_;
    ready(job.key);
}

namespace {

// The source may be replaced while it is read: a side-car (or a decoded copy) is only ever
// the version its name says. Checked once per build, after the source's last read.
core::Result<void> still_version(const std::filesystem::path& source, const std::string& key) {
    auto hash = core::sha256_file(source);
    if (!hash || *hash != key) return core::Error::internal("the source changed while it was read");
    return {};
}

} // namespace

core::Result<void> PyramidSidecars::room_for(const Job& job,
                                             const std::filesystem::path& target) const {
    // JPEG tiles at Q95 take up to ~1.5 bytes a pixel, deflate up to 4 (noise); the halvings a
    // third more; the file is held in memory and written once, so this is all it needs.
    bool jpeg = engine::pyramid_compression(job.info) == engine::PyramidCompression::Jpeg;
    double per_pixel = jpeg ? 1.5 : 4.0;
    auto need = static_cast<std::uint64_t>(static_cast<double>(job.info.stored.area()) * per_pixel *
                                           4 / 3) +
                (16u << 20); // and a margin for everything else on that disk
    struct statvfs fs {};
    if (::statvfs(target.parent_path().c_str(), &fs) != 0)
        return core::system_error(errno, "statvfs " + target.parent_path().string());
    std::uint64_t free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (free < need)
        return core::system_error(ENOSPC, "side-car of " + job.source.string() + " needs ~" +
                                              std::to_string(need >> 20) + " MiB in " +
                                              target.parent_path().string() + ", " +
                                              std::to_string(free >> 20) + " MiB free");
    return {};
}

core::Result<void> PyramidSidecars::write_from_source(const Job& job,
                                                      const std::filesystem::path& target) {
    auto written = engine_.write_pyramid(job.source, target);
    if (!written) return written;
    auto same = still_version(job.source, job.key);
    if (!same) {
        std::error_code ec;
        std::filesystem::remove(target, ec);
    }
    return same;
}

core::Result<void> PyramidSidecars::write(const Job& job, const std::filesystem::path& target) {
    if (!job.hold_decoded) return write_from_source(job, target);
    auto decoded = engine_.decode_whole(job.source);
    if (!decoded) return decoded.error();
    if (!*decoded) return write_from_source(job, target); // not 8-bit RGB
    // Renders trust the copy as version `key`, and the file is written from it: checked now,
    // before any reads it.
    if (auto same = still_version(job.source, job.key); !same) return same;
    {
        std::lock_guard lock(mutex_);
        decoded_[job.key] = *decoded;
    }
    finished_.notify_all();
    // While the copy answers this source's renders, writing the file is the least urgent work
    // here: it runs niced, on a thread of its own (a thread cannot lower its niceness again
    // without privilege, and the builder must not stay niced for the next build).
    core::Result<void> written;
    std::thread writer([&] {
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWriteBesideCopyNice);
        written = engine_.write_pyramid(**decoded, target);
    });
    writer.join();
    return written;
}

SidecarStats PyramidSidecars::stats() const {
    std::lock_guard lock(mutex_);
    std::size_t held = 0;
    for (const auto& [key, copy] : decoded_)
        held += engine::decoded_bytes(*copy);
    return {builds_, failures_, dropped_, renders_, decoded_renders_, pending_.size(), held};
}

} // namespace pictor::service
