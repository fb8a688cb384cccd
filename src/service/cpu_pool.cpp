#include "service/cpu_pool.h"

#include <malloc.h>

#include <new>

#include "core/fault_counter.h"

namespace pictor::service {

CpuPool::CpuPool(int workers, int max_queue, int background_limit, int max_uploads, int io_places)
    : workers_(workers), io_places_(std::max(0, io_places)), cpu_free_(workers),
      max_queue_(static_cast<std::size_t>(max_queue)),
      max_uploads_(static_cast<std::size_t>(max_uploads)), background_limit_(background_limit) {
    // workers + io_places threads: with every I/O place taken, `workers` threads still remain
    // for the CPU places.
    for (int i = 0; i < workers + io_places_; ++i)
        threads_.emplace_back([this] {
            core::set_thread_io_lane(this);
            work();
        });
}

bool CpuPool::enter_io() {
    {
        std::lock_guard lock(mutex_);
        if (in_io_ >= io_places_) {
            ++io_refused_;
            return false;
        }
        ++in_io_;
        ++cpu_free_;
        place_freed(); // a task back from I/O, or a queued task, may take it
    }
    return true;
}

void CpuPool::leave_io() {
    std::unique_lock lock(mutex_);
    --in_io_;
    ++reclaiming_;
    place_back_.wait(lock, [this] { return cpu_free_ > 0; });
    --cpu_free_;
    --reclaiming_;
}

void CpuPool::place_freed() {
    if (reclaiming_ > 0)
        place_back_.notify_one();
    else
        ready_.notify_one();
}

int CpuPool::waiting_on_io() const {
    std::lock_guard lock(mutex_);
    return in_io_;
}

CpuPool::~CpuPool() { shutdown(); }

std::function<void()> CpuPool::timed(std::function<void()> task, int lane) {
    return [this, lane, task = std::move(task), queued = std::chrono::steady_clock::now()] {
        waits_[static_cast<std::size_t>(lane)].observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - queued).count());
        task();
    };
}

bool CpuPool::try_submit(std::function<void()> task, Lane lane) {
    task = timed(std::move(task), static_cast<int>(lane));
    if (lane == Lane::Upload) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || uploads_.size() >= max_uploads_) {
                ++rejected_;
                return false;
            }
            uploads_.push_back(std::move(task));
        }
        ready_.notify_one();
        return true;
    }
    {
        std::lock_guard lock(mutex_);
        int idle = cpu_free_ - reclaiming_;
        // Tasks an idle worker will pick up at once do not count against the queue.
        std::size_t waiting = queue_.size() >= static_cast<std::size_t>(std::max(idle, 0))
                                  ? queue_.size() - static_cast<std::size_t>(std::max(idle, 0))
                                  : 0;
        if (stopping_ || waiting >= max_queue_) {
            ++rejected_;
            return false;
        }
        queue_.push_back(std::move(task));
        if (queue_.size() > peak_queue_.load()) peak_queue_ = queue_.size();
    }
    ready_.notify_one();
    return true;
}

void CpuPool::submit_background(std::function<void()> task) {
    task = timed(std::move(task), 2);
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        background_.push_back(std::move(task));
    }
    ready_.notify_one();
}

bool CpuPool::background_ready() const {
    return !background_.empty() && background_running_ < background_limit_;
}

void CpuPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        background_.clear();
    }
    ready_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

// A burst of large decodes leaves glibc's arenas holding freed pages; once the pool has been
// idle for kIdleBeforeTrim they are handed back to the system (measured in docs/benchmarks.md:
// with two arenas, see app/serve_command.cpp, RSS returns to within ~15 MB of its baseline
// instead of ~80 MB). Not at every moment the pool happens to be idle: between the requests of
// a steady load that gave pages back only for the next request to fault them in again.
void CpuPool::give_back_memory() { malloc_trim(0); }

std::size_t CpuPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::size_t CpuPool::queued_uploads() const {
    std::lock_guard lock(mutex_);
    return uploads_.size();
}

std::function<void()> CpuPool::take_foreground() {
    bool upload = !uploads_.empty() && (queue_.empty() || upload_turn_);
    auto& lane = upload ? uploads_ : queue_;
    if (lane.empty()) return {};
    upload_turn_ = !upload;
    auto task = std::move(lane.front());
    lane.pop_front();
    return task;
}

std::size_t CpuPool::queued_background() const {
    std::lock_guard lock(mutex_);
    return background_.size();
}

void CpuPool::work() {
    while (true) {
        std::function<void()> task;
        bool background = false;
        {
            std::unique_lock lock(mutex_);
            // A task needs a CPU place, also while stopping (then queued work is finished
            // by `workers` threads at once, as it would have been run).
            auto has_work = [this] {
                bool tasks =
                    !queue_.empty() || !uploads_.empty() || (!stopping_ && background_ready());
                return tasks ? cpu_place_free() : stopping_;
            };
            while (!has_work()) {
                if (!worked_since_trim_ || busy_ > 0) {
                    ready_.wait(lock);
                    continue;
                }
                // Idle for a while after work: give freed memory back, once.
                if (ready_.wait_for(lock, kIdleBeforeTrim) == std::cv_status::timeout &&
                    !has_work() && busy_ == 0 && worked_since_trim_) {
                    worked_since_trim_ = false;
                    lock.unlock();
                    give_back_memory();
                    lock.lock();
                }
            }
            task = take_foreground(); // requests and uploads before background work
            if (!task) {
                if (stopping_ || !background_ready()) {
                    // Stopping and drained: the threads that slept while queued work waited
                    // for a place must see that too.
                    ready_.notify_all();
                    return;
                }
                task = std::move(background_.front());
                background_.pop_front();
                background = true;
                ++background_running_;
            }
            ++busy_;
            --cpu_free_;
        }
        try {
            task();
        } catch (const std::bad_alloc&) {
            // Requests answer this themselves (http/offload); background work is dropped,
            // counted, and the worker lives on.
            core::FaultCounter::process().record("background", "memory");
        }
        worked_since_trim_ = true;
        --busy_;
        std::lock_guard lock(mutex_);
        ++cpu_free_;
        if (background) --background_running_;
        place_freed(); // to a task back from I/O, a queued task or the next background task
    }
}

} // namespace pictor::service
