#include "service/thumbnail_prerenderer.h"

#include <spdlog/spdlog.h>

namespace pictor::service {

ThumbnailPrerenderer::ThumbnailPrerenderer(IiifService& iiif)
    : iiif_(iiif), thread_([this] { run(); }) {}

ThumbnailPrerenderer::~ThumbnailPrerenderer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void ThumbnailPrerenderer::enqueue(const std::string& identifier) {
    {
        std::lock_guard lock(mutex_);
        if (!queued_.insert(identifier).second) return;
        queue_.push_back(identifier);
    }
    wake_.notify_one();
}

void ThumbnailPrerenderer::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) break;
        std::string id = std::move(queue_.front());
        queue_.pop_front();
        queued_.erase(id);
        lock.unlock();
        auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        auto done = iiif_.prerender_thumbnails(id, deadline);
        if (done) {
            spdlog::info("thumbnails of {}: {} rendered", id, *done);
        } else {
            spdlog::warn("thumbnails of {} not rendered: {} {}", id, done.error().message,
                         done.error().detail);
        }
        lock.lock();
    }
}

} // namespace pictor::service
