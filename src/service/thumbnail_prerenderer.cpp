#include "service/thumbnail_prerenderer.h"

#include <spdlog/spdlog.h>

namespace pictor::service {

ThumbnailPrerenderer::ThumbnailPrerenderer(IiifService& iiif, CpuPool& pool)
    : iiif_(iiif), pool_(pool) {}

ThumbnailPrerenderer::~ThumbnailPrerenderer() {
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
}

void ThumbnailPrerenderer::enqueue(const std::string& identifier) {
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->queued.insert(identifier).second) return;
    }
    pool_.submit_background([iiif = &iiif_, weak = std::weak_ptr<State>(state_), identifier] {
        if (auto state = weak.lock()) render(*iiif, state, identifier);
    });
}

void ThumbnailPrerenderer::render(IiifService& iiif, const std::shared_ptr<State>& state,
                                  const std::string& id) {
    {
        std::lock_guard lock(state->mutex);
        if (state->closed) return;
        state->queued.erase(id); // a change from now on queues it again
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    auto done = iiif.prerender_thumbnails(id, deadline);
    if (done) {
        spdlog::info("thumbnails of {}: {} rendered", id, *done);
    } else {
        spdlog::warn("thumbnails of {} not rendered: {} {}", id, done.error().message,
                     done.error().detail);
    }
}

} // namespace pictor::service
