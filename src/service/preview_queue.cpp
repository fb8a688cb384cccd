#include "service/preview_queue.h"

#include <algorithm>

namespace pictor::service {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

PreviewQueue::PreviewQueue(int threads) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this] { work(); });
}

PreviewQueue::~PreviewQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        t.join();
}

void PreviewQueue::push(Priority priority, std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        auto& q = queues_[static_cast<int>(priority)];
        q.push_back({std::move(job), std::chrono::steady_clock::now()});
        auto& peak = peak_[static_cast<int>(priority)];
        peak = std::max(peak, q.size());
    }
    wake_.notify_one();
}

QueueStats PreviewQueue::stats() const {
    std::lock_guard lock(mutex_);
    QueueStats s;
    for (int p = 0; p < 3; ++p) {
        s.length[p] = queues_[p].size();
        s.peak[p] = peak_[p];
        s.median_wait_ms[p] = median(waits_[p]);
    }
    return s;
}

void PreviewQueue::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] {
            return stopping_ || std::any_of(queues_.begin(), queues_.end(),
                                            [](const auto& q) { return !q.empty(); });
        });
        if (stopping_) return;
        int p = 0;
        while (queues_[p].empty())
            ++p;
        Job job = std::move(queues_[p].front());
        queues_[p].pop_front();
        double waited =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - job.queued)
                .count();
        auto& w = waits_[p];
        if (w.size() >= 1024) w.erase(w.begin());
        w.push_back(waited);
        lock.unlock();
        job.run();
        lock.lock();
    }
}

} // namespace pictor::service
