#pragma once
// Internal to engine/: how many renders that decode a large image at once may run together.
// Image workers are three per core because tiles and thumbnails leave a worker idle in libvips'
// hand-offs; a render that works through millions of pixels (a flat 12 MP PNG, a 24 MP JPEG
// shrunk on load) keeps its core busy, so more of them than cores only share the cores, and each
// holds its decode buffers meanwhile. Measured on 2 cores, 12 MP RGBA PNG -> 300 px WebP at 8
// connections: 6 at once 2.97 req/s and 222 MB peak, 2 at once 3.99 req/s and 150 MB.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "core/cancellation.h"

namespace pictor::engine::detail {

// Renders whose decoder works through at least this many pixels are heavy.
inline constexpr std::int64_t kHeavyRenderPixels = std::int64_t{2} << 20;

class HeavyRenders {
  public:
    explicit HeavyRenders(int slots) : free_(slots) {}

    // A place, held until destroyed; without one (deadline passed or nobody waits any more),
    // held() is false.
    class Place {
      public:
        Place(HeavyRenders& gate, std::chrono::steady_clock::time_point deadline,
              const core::CancelFlag& cancel);
        ~Place();
        Place(const Place&) = delete;
        Place& operator=(const Place&) = delete;
        bool held() const { return held_; }

      private:
        HeavyRenders& gate_;
        bool held_ = false;
    };

  private:
    std::mutex mutex_;
    std::condition_variable freed_;
    int free_;
};

} // namespace pictor::engine::detail
