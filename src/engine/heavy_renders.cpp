#include "engine/heavy_renders.h"

namespace pictor::engine::detail {

HeavyRenders::Place::Place(HeavyRenders& gate, std::chrono::steady_clock::time_point deadline,
                           const core::CancelFlag& cancel)
    : gate_(gate) {
    std::unique_lock lock(gate.mutex_);
    // Woken when a place frees, and every 50 ms to notice a client that went away.
    while (gate.free_ == 0) {
        if (core::raised(cancel) || std::chrono::steady_clock::now() >= deadline) return;
        auto wake =
            std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
        gate.freed_.wait_until(lock, wake);
    }
    --gate.free_;
    held_ = true;
}

HeavyRenders::Place::~Place() {
    if (!held_) return;
    {
        std::lock_guard lock(gate_.mutex_);
        ++gate_.free_;
    }
    gate_.freed_.notify_one();
}

} // namespace pictor::engine::detail
