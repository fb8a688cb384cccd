#pragma once
// Renders an asset's public thumbnails in the background when it is added or changed
// (docs/access.md, thumbnail policy), on the CPU pool's background lane: requests go first, and
// there is no thread of its own.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "service/cpu_pool.h"
#include "service/iiif_service.h"

namespace pictor::service {

class ThumbnailPrerenderer {
  public:
    ThumbnailPrerenderer(IiifService& iiif, CpuPool& pool);
    ~ThumbnailPrerenderer(); // a render already running finishes; queued ones are skipped

    // Queues an asset (once, however often it is queued before its turn).
    void enqueue(const std::string& identifier);

  private:
    // Shared with the pool's tasks, so a task that outlives the prerenderer finds it closed.
    struct State {
        std::mutex mutex;
        std::set<std::string> queued;
        bool closed = false;
    };
    static void render(IiifService& iiif, const std::shared_ptr<State>& state,
                       const std::string& identifier);

    IiifService& iiif_;
    CpuPool& pool_;
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

} // namespace pictor::service
