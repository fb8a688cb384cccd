#include "service/cpu_pool.h"

#include <malloc.h>

namespace pictor::service {

CpuPool::CpuPool(int workers, int max_queue, int background_limit)
    : max_queue_(static_cast<std::size_t>(max_queue)), background_limit_(background_limit) {
    for (int i = 0; i < workers; ++i)
        threads_.emplace_back([this] { work(); });
}

CpuPool::~CpuPool() { shutdown(); }

bool CpuPool::try_submit(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        int idle = static_cast<int>(threads_.size()) - busy_.load();
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

// A burst of large decodes leaves glibc's arenas holding freed pages; once the pool goes idle
// they are handed back to the system (measured in docs/benchmarks.md: with two arenas, see
// app/serve_command.cpp, RSS returns to within ~15 MB of its baseline instead of ~80 MB).
void CpuPool::give_back_memory() { malloc_trim(0); }

std::size_t CpuPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
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
            ready_.wait(lock, [this] {
                return stopping_ || !queue_.empty() || (!stopping_ && background_ready());
            });
            if (!queue_.empty()) { // requests first
                task = std::move(queue_.front());
                queue_.pop_front();
            } else if (!stopping_ && background_ready()) {
                task = std::move(background_.front());
                background_.pop_front();
                background = true;
                ++background_running_;
            } else {
                return; // stopping and drained
            }
            ++busy_;
        }
        task();
        if (--busy_ == 0) give_back_memory();
        if (background) {
            {
                std::lock_guard lock(mutex_);
                --background_running_;
            }
            ready_.notify_one(); // the next background task may start
        }
    }
}

} // namespace pictor::service
