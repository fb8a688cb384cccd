#pragma once
// Notices changes other nodes made to shared state: every `period` it reads a version counter
// (state::Catalog::policies_version) and, when it moved, runs `on_change` (reload the policies
// and registered origins). So a policy set through any node applies on every node within about
// one period, while requests never query the database for it.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "core/result.h"

namespace pictor::service {

class StateWatch {
  public:
    using Version = std::function<core::Result<std::int64_t>()>;
    StateWatch(Version version, std::function<void()> on_change, std::chrono::milliseconds period);
    ~StateWatch();
    StateWatch(const StateWatch&) = delete;
    StateWatch& operator=(const StateWatch&) = delete;

  private:
    void run();

    Version version_;
    std::function<void()> on_change_;
    std::chrono::milliseconds period_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace pictor::service
