#pragma once
// The converter's background work: three priorities (instant before medium before background)
// run on the shared CPU pool's background lane (no threads of its own), and the numbers the
// status page reports (peak length and median wait per priority).
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "service/cpu_pool.h"
#include "service/timing_window.h"

namespace pictor::service {

enum class Priority { Instant = 0, Medium = 1, Background = 2 };

struct QueueStats {
    std::array<std::size_t, 3> length{}, peak{};
    std::array<TimingSummary, 3> wait; // time queued, by priority
};

class ConverterQueue {
  public:
    explicit ConverterQueue(CpuPool& pool);
    ~ConverterQueue(); // drops what is still queued; a job already running finishes

    void push(Priority priority, std::function<void()> job);
    QueueStats stats() const;

  private:
    struct Job {
        std::function<void()> run;
        std::chrono::steady_clock::time_point queued;
    };
    // Shared with the pool's tasks, so a task that outlives the queue finds it closed.
    struct State {
        mutable std::mutex mutex;
        std::array<std::deque<Job>, 3> queues;
        std::array<std::size_t, 3> peak{};
        std::array<TimingWindow, 3> waits; // per priority
        bool closed = false;
    };
    // One pool task per job: each runs the most urgent job queued when it starts.
    static void run_next(const std::shared_ptr<State>& state);

    CpuPool& pool_;
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

} // namespace pictor::service
