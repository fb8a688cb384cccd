#pragma once
// A fixed set of image workers with a bounded queue (STYLE.md idea 9). When every worker is
// busy and the queue is full, try_submit() refuses at once and the caller answers 503.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pictor::http {

class CpuPool {
  public:
    CpuPool(int workers, int max_queue);
    ~CpuPool();
    CpuPool(const CpuPool&) = delete;
    CpuPool& operator=(const CpuPool&) = delete;

    bool try_submit(std::function<void()> task);
    // Finishes queued and running tasks, then stops the workers.
    void shutdown();

    std::size_t queued() const;
    int busy() const { return busy_.load(); }
    int workers() const { return static_cast<int>(threads_.size()); }
    long long rejected() const { return rejected_.load(); }
    std::size_t peak_queue() const { return peak_queue_.load(); }

  private:
    void work();

    std::size_t max_queue_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    std::atomic<int> busy_{0};
    std::atomic<long long> rejected_{0};
    std::atomic<std::size_t> peak_queue_{0};
    bool stopping_ = false;
};

} // namespace pictor::http
