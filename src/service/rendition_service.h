#pragma once
// Every image answer goes through here, whatever the dialect: the derivative cache on the hot
// path, single-flight for identical concurrent misses (one decode serves them all), the engine
// behind both, and the validators (ETag, Last-Modified) computed before any pixel work so a
// conditional request can be answered 304 without rendering.
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cache/derivative_cache.h"
#include "core/cancellation.h"
#include "core/latency_histogram.h"
#include "service/source_service.h"

namespace pictor::service {

class RenditionService : public Renditions {
  public:
    // `cache` may be null (caching off). Without `coalesce`, identical concurrent requests
    // each render (for benchmarks of raw rendering).
    RenditionService(SourceService& images, cache::DerivativeCache* cache, bool coalesce = true);

    // Hex key of a derivative: source content hash + canonical plan + engine signature, and
    // the viewer's tier when the answer depends on it.
    std::string key(const SourceHandle& source, const plan::Plan& plan,
                    std::string_view tier = {}) const;
    Validators validators(const SourceHandle& source, const plan::Plan& plan,
                          std::string_view tier) const override;
    // `validators` are this source and plan's, from validators(): their key names the
    // derivative, so it is not hashed twice.
    core::Result<ImageAnswer> render(const SourceHandle& source, const plan::Plan& plan,
                                     const Validators& validators, Deadline deadline) override;
    // An answer from the cache's memory tier, or nothing; no disk or CPU work, so the network
    // thread may call it before handing the request to the worker pool.
    std::shared_ptr<const cache::CachedImage>
    from_memory(const Validators& validators) const override;

    std::uint64_t renders() const { return renders_; }
    // How long derivative cache reads took (local disk, the shared tier) and renders took.
    core::LatencySnapshot disk_read_latency() const { return disk_reads_.snapshot(); }
    core::LatencySnapshot shared_read_latency() const { return shared_reads_.snapshot(); }
    core::LatencySnapshot render_latency() const { return render_time_.snapshot(); }
    std::uint64_t shared_renders() const { return shared_; }
    cache::DerivativeCache* cache() const { return cache_; }
    SourceService& images() const { return images_; }

  private:
    using Outcome = core::Result<ImageAnswer>;
    struct Flight {
        std::promise<Outcome> promise;
        std::shared_future<Outcome> result = promise.get_future().share();
        core::CancelFlag leader_cancel; // raised when every client of the leader has gone
    };
    // Renders as the leader of `validators.key`'s flight, or waits for the leader's outcome;
    // `leader_abandoned` says the leader's render was stopped because its clients left.
    Outcome join_or_lead(const SourceHandle& source, const plan::Plan& plan,
                         const Validators& validators, Deadline deadline, bool& leader_abandoned);
    Outcome produce(const SourceHandle& source, const plan::Plan& plan,
                    const Validators& validators, Deadline deadline);
    // The cache's reads, timed.
    std::shared_ptr<const cache::CachedImage> disk_get(const std::string& key,
                                                       bool count_miss = true);
    std::shared_ptr<const cache::CachedImage> shared_get(const std::string& key);

    SourceService& images_;
    cache::DerivativeCache* cache_;
    bool coalesce_;
    std::string signature_;
    std::mutex flights_mutex_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    std::atomic<std::uint64_t> renders_{0}, shared_{0};
    core::LatencyHistogram disk_reads_, shared_reads_, render_time_;
};

} // namespace pictor::service
