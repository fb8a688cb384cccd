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

#include "service/image_service.h"
#include "store/derivative_cache.h"

namespace pictor::service {

struct Validators {
    std::string etag;             // strong, quoted
    std::int64_t last_modified_s; // source modification time, seconds since the epoch
    std::string key;              // the derivative's cache key (empty for non-derivatives)
};

struct ImageAnswer {
    std::shared_ptr<const store::CachedImage> image;
    Validators validators;
    std::int64_t decoded_pixels = 0; // 0 when the answer came from the cache
    bool from_cache = false;
};

class RenditionService {
  public:
    // `cache` may be null (caching off). Without `coalesce`, identical concurrent requests
    // each render (for benchmarks of raw rendering).
    RenditionService(ImageService& images, store::DerivativeCache* cache, bool coalesce = true);

    // Hex key of a derivative: source content hash + canonical plan + engine signature.
    std::string key(const SourceHandle& source, const plan::Plan& plan) const;
    Validators validators(const SourceHandle& source, const plan::Plan& plan) const;
    // `validators` are this source and plan's, from validators(): their key names the
    // derivative, so it is not hashed twice.
    core::Result<ImageAnswer> render(const SourceHandle& source, const plan::Plan& plan,
                                     const Validators& validators, Deadline deadline);
    // An answer from the cache's memory tier, or nothing; no disk or CPU work, so the network
    // thread may call it before handing the request to the worker pool.
    std::optional<ImageAnswer> from_memory(const Validators& validators) const;

    std::uint64_t renders() const { return renders_; }
    std::uint64_t shared_renders() const { return shared_; }
    store::DerivativeCache* cache() const { return cache_; }
    ImageService& images() const { return images_; }

  private:
    using Outcome = core::Result<ImageAnswer>;
    struct Flight {
        std::promise<Outcome> promise;
        std::shared_future<Outcome> result = promise.get_future().share();
    };
    Outcome produce(const SourceHandle& source, const plan::Plan& plan,
                    const Validators& validators, Deadline deadline);

    ImageService& images_;
    store::DerivativeCache* cache_;
    bool coalesce_;
    std::string signature_;
    std::mutex flights_mutex_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    std::atomic<std::uint64_t> renders_{0}, shared_{0};
};

} // namespace pictor::service
