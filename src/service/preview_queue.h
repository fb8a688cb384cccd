#pragma once
// The preview cache's background work: three priorities (instant before medium before
// background), a fixed set of threads, and the numbers the status page reports (peak length
// and median wait per priority).
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pictor::service {

enum class Priority { Instant = 0, Medium = 1, Background = 2 };

struct QueueStats {
    std::array<std::size_t, 3> length{}, peak{};
    std::array<double, 3> median_wait_ms{};
};

class PreviewQueue {
  public:
    explicit PreviewQueue(int threads);
    ~PreviewQueue(); // drops what is still queued, finishes what runs

    void push(Priority priority, std::function<void()> job);
    QueueStats stats() const;

  private:
    struct Job {
        std::function<void()> run;
        std::chrono::steady_clock::time_point queued;
    };
    void work();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::array<std::deque<Job>, 3> queues_;
    std::array<std::size_t, 3> peak_{};
    std::array<std::vector<double>, 3> waits_; // last 1024 waits per priority, ms
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

double median(std::vector<double> values);

} // namespace pictor::service
