#pragma once
// Renders an asset's public thumbnails in the background when it is added or changed (SPEC §4,
// thumbnail policy), on one thread of its own so requests keep the workers.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "service/iiif_service.h"

namespace pictor::service {

class ThumbnailPrerenderer {
  public:
    explicit ThumbnailPrerenderer(IiifService& iiif);
    ~ThumbnailPrerenderer(); // finishes the current asset, drops the rest

    // Queues an asset (once, however often it is queued before its turn).
    void enqueue(const std::string& identifier);

  private:
    void run();

    IiifService& iiif_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::string> queue_;
    std::set<std::string> queued_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace pictor::service
