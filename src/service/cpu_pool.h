#pragma once
// The one pool of image workers : a fixed set of threads, a bounded queue of
// requests and a background lane. When every worker is busy and the request queue is full,
// try_submit() refuses at once and the caller answers 503. Background work (the converter's
// renditions of a set) runs on the same workers, only when no request waits, and on at most
// `background_limit` of them at once, so requests always find a worker soon. Uploads (admin
// sources, preview images) wait in a lane of their own, first come first served, with their
// own bound: a burst of uploads queues instead of being refused for want of request places,
// and workers take from the two lanes in turn, so neither starves the other.
// Waits on remote origins do not hold a CPU place (core/io_lane.h): the pool runs `workers`
// tasks on the CPU at once, but has `io_places` threads more, so a worker that waits on the
// network lends its place to another and takes one back once its bytes are there. At most
// `io_places` tasks wait on the network at once; beyond that a wait is refused (503), so any
// number of hung origins leaves the CPU places to local images.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/io_lane.h"
#include "core/latency_histogram.h"

namespace pictor::service {

enum class Lane { Request = 0, Upload = 1 };

class CpuPool : private core::IoLane {
  public:
    CpuPool(int workers, int max_queue, int background_limit = 1, int max_uploads = 32,
            int io_places = 16);
    ~CpuPool();
    CpuPool(const CpuPool&) = delete;
    CpuPool& operator=(const CpuPool&) = delete;

    bool try_submit(std::function<void()> task, Lane lane = Lane::Request);
    // Queued without a bound: the caller bounds what it submits.
    void submit_background(std::function<void()> task);
    // Finishes queued and running requests, drops queued background work, stops the workers.
    void shutdown();

    std::size_t queued() const;
    std::size_t queued_uploads() const;
    std::size_t queued_background() const;
    int busy() const { return busy_.load(); }
    int workers() const { return workers_; }
    // Tasks waiting on a remote origin now, and waits refused because all places were taken.
    int waiting_on_io() const;
    long long io_refused() const { return io_refused_.load(); }
    long long rejected() const { return rejected_.load(); }
    std::size_t peak_queue() const { return peak_queue_.load(); }
    // Time tasks waited for a worker, per lane.
    core::LatencySnapshot queue_wait(Lane lane) const {
        return waits_[static_cast<int>(lane)].snapshot();
    }
    core::LatencySnapshot background_wait() const { return waits_[2].snapshot(); }

  private:
    bool enter_io() override;
    void leave_io() override;
    void work();
    // A free CPU place for a new task (places being taken back after I/O go first); mutex_.
    bool cpu_place_free() const { return cpu_free_ > reclaiming_; }
    // A CPU place was freed: wakes a task waiting to take its place back first, else a worker.
    // Under mutex_.
    void place_freed();
    bool background_ready() const; // under mutex_
    // The next request or upload, the lanes in turn when both wait; empty if neither does.
    std::function<void()> take_foreground(); // under mutex_
    void give_back_memory();                 // once the pool has been idle for kIdleBeforeTrim
    // `task`, timing its wait in waits_[lane] from now until a worker starts it.
    std::function<void()> timed(std::function<void()> task, int lane);

    int workers_;
    int io_places_;
    int cpu_free_;       // CPU places no task holds; under mutex_
    int reclaiming_ = 0; // tasks back from I/O waiting for a CPU place; under mutex_
    int in_io_ = 0;      // tasks waiting on the network; under mutex_
    std::atomic<long long> io_refused_{0};
    std::size_t max_queue_;
    std::size_t max_uploads_;
    int background_limit_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;      // workers: a task to run and a place for it
    std::condition_variable place_back_; // tasks back from I/O: a free CPU place
    std::deque<std::function<void()>> queue_;
    std::deque<std::function<void()>> uploads_;
    bool upload_turn_ = false;
    std::deque<std::function<void()>> background_;
    int background_running_ = 0;
    std::vector<std::thread> threads_;
    std::atomic<int> busy_{0};
    std::atomic<bool> worked_since_trim_{false};
    static constexpr std::chrono::milliseconds kIdleBeforeTrim{500};
    std::atomic<long long> rejected_{0};
    std::atomic<std::size_t> peak_queue_{0};
    std::array<core::LatencyHistogram, 3> waits_; // request, upload, background
    bool stopping_ = false;
};

} // namespace pictor::service
