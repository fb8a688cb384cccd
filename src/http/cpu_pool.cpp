#include "http/cpu_pool.h"

namespace pictor::http {

CpuPool::CpuPool(int workers, int max_queue) : max_queue_(static_cast<std::size_t>(max_queue)) {
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

void CpuPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

std::size_t CpuPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void CpuPool::work() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return; // stopping and drained
            task = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        task();
        --busy_;
    }
}

} // namespace pictor::http
