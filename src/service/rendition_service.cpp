#include "service/rendition_service.h"

#include <spdlog/spdlog.h>

#include "core/digest.h"
#include "service/fault_report.h"

namespace pictor::service {

RenditionService::RenditionService(SourceService& images, cache::DerivativeCache* cache,
                                   bool coalesce)
    : images_(images), cache_(cache), coalesce_(coalesce), signature_(images.engine().signature()) {
}

std::string RenditionService::key(const SourceHandle& source, const plan::Plan& plan,
                                  std::string_view tier) const {
    std::string text = source.content_hash + "\n" + plan.canonical() + "\n" + signature_;
    if (!tier.empty()) text += "\ntier:" + std::string(tier);
    return core::sha256_hex(text);
}

Validators RenditionService::validators(const SourceHandle& source, const plan::Plan& plan,
                                        std::string_view tier) const {
    std::string k = key(source, plan, tier);
    std::string etag = "\"" + k.substr(0, 40) + "\"";
    return {std::move(etag), source.file.mtime_ns / 1'000'000'000, std::move(k)};
}

std::shared_ptr<const cache::CachedImage>
RenditionService::from_memory(const Validators& validators) const {
    if (!cache_ || validators.key.empty()) return nullptr;
    return cache_->get_from_memory(validators.key);
}

namespace {

// Runs `read` and records how long it took in `histogram`.
template <class F> auto timed(core::LatencyHistogram& histogram, F read) {
    auto start = std::chrono::steady_clock::now();
    auto result = read();
    histogram.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return result;
}

} // namespace

std::shared_ptr<const cache::CachedImage> RenditionService::disk_get(const std::string& key,
                                                                     bool count_miss) {
    return timed(disk_reads_, [&] { return cache_->get(key, count_miss); });
}

std::shared_ptr<const cache::CachedImage> RenditionService::shared_get(const std::string& key) {
    if (!cache_->shared_tier()) return nullptr;
    return timed(shared_reads_, [&] { return cache_->get_shared(key); });
}

core::Result<ImageAnswer> RenditionService::render(const SourceHandle& source,
                                                   const plan::Plan& plan,
                                                   const Validators& validators,
                                                   Deadline deadline) {
    if (cache_)
        if (auto hit = disk_get(validators.key))
            return ImageAnswer{std::move(hit), validators, 0, true};
    if (!coalesce_) {
        if (auto hit = cache_ ? shared_get(validators.key) : nullptr)
            return ImageAnswer{std::move(hit), validators, 0, true};
        return produce(source, plan, validators, deadline);
    }
    for (;;) {
        bool leader_abandoned = false;
        auto outcome = join_or_lead(source, plan, validators, deadline, leader_abandoned);
        // The leader's clients all went away and its render was stopped; this request's client
        // is still there, so it renders itself (or waits for a new leader).
        if (!leader_abandoned || core::raised(core::CancelScope::current()) ||
            std::chrono::steady_clock::now() > deadline)
            return outcome;
    }
}

RenditionService::Outcome RenditionService::join_or_lead(const SourceHandle& source,
                                                         const plan::Plan& plan,
                                                         const Validators& validators,
                                                         Deadline deadline,
                                                         bool& leader_abandoned) {
    const std::string& k = validators.key;
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
        std::lock_guard lock(flights_mutex_);
        auto& slot = flights_[k];
        if (!slot) {
            slot = std::make_shared<Flight>();
            slot->leader_cancel = core::CancelScope::current();
            leader = true;
        }
        flight = slot;
    }
    if (!leader) {
        ++shared_;
        const core::CancelFlag& mine = core::CancelScope::current();
        // Waits in slices, to stop waiting as soon as this request's own client has gone.
        while (flight->result.wait_for(std::chrono::milliseconds(100)) !=
               std::future_status::ready) {
            if (std::chrono::steady_clock::now() > deadline || core::raised(mine))
                return core::Error{core::ErrorCode::Timeout, "the request took too long", {}};
        }
        Outcome shared = flight->result.get();
        leader_abandoned = !shared && core::raised(flight->leader_cancel);
        if (shared) shared->decoded_pixels = 0; // the leader decoded; this request did not
        return shared;
    }
    Outcome outcome = core::Error::internal("render did not finish");
    try {
        // A render that finished between our cache miss and taking the lead is reused; then
        // another node's render from the shared tier, asked by the leader only, so identical
        // concurrent misses cost the shared tier one read.
        std::shared_ptr<const cache::CachedImage> late = cache_ ? disk_get(k, false) : nullptr;
        if (!late && cache_) late = shared_get(k);
        outcome = late ? Outcome(ImageAnswer{std::move(late), validators, 0, true})
                       : produce(source, plan, validators, deadline);
    } catch (const std::exception& e) {
        outcome = core::Error::internal(e.what());
    }
    {
        std::lock_guard lock(flights_mutex_);
        flights_.erase(k);
    }
    flight->promise.set_value(outcome);
    return outcome;
}

RenditionService::Outcome RenditionService::produce(const SourceHandle& source,
                                                    const plan::Plan& plan,
                                                    const Validators& validators,
                                                    Deadline deadline) {
    ++renders_;
    auto rendition = timed(render_time_, [&] { return images_.render(source, plan, deadline); });
    if (!rendition) return rendition.error(); // errors are never cached
    auto image = std::make_shared<cache::CachedImage>();
    image->bytes = std::move(rendition->image.bytes);
    image->format = rendition->image.format;
    image->size = rendition->image.size;
    if (cache_)
        if (auto stored = cache_->put(validators.key, *image); !stored) {
            // Answered anyway; counted, and logged once a minute (not once per request).
            report_fault("cache", stored.error(),
                         "derivative cache writes fail, answering uncached");
        }
    return ImageAnswer{std::move(image), validators, rendition->stats.decoded_pixels, false};
}

} // namespace pictor::service
