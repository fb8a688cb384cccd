#include "service/converter_queue.h"

#include <algorithm>

namespace pictor::service {

ConverterQueue::ConverterQueue(CpuPool& pool) : pool_(pool) {}

ConverterQueue::~ConverterQueue() {
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
    for (auto& q : state_->queues)
        q.clear();
}

void ConverterQueue::push(Priority priority, std::function<void()> job) {
    {
        std::lock_guard lock(state_->mutex);
        auto& q = state_->queues[static_cast<int>(priority)];
        q.push_back({std::move(job), std::chrono::steady_clock::now()});
        auto& peak = state_->peak[static_cast<int>(priority)];
        peak = std::max(peak, q.size());
    }
    pool_.submit_background([weak = std::weak_ptr<State>(state_)] {
        if (auto state = weak.lock()) run_next(state);
    });
}

void ConverterQueue::run_next(const std::shared_ptr<State>& state) {
    Job job;
    {
        std::lock_guard lock(state->mutex);
        if (state->closed) return;
        auto& queues = state->queues;
        auto q =
            std::find_if(queues.begin(), queues.end(), [](const auto& d) { return !d.empty(); });
        if (q == queues.end()) return;
        job = std::move(q->front());
        q->pop_front();
        double waited =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - job.queued)
                .count();
        state->waits[static_cast<std::size_t>(q - queues.begin())].add(waited);
    }
    job.run();
}

QueueStats ConverterQueue::stats() const {
    std::lock_guard lock(state_->mutex);
    QueueStats s;
    for (int p = 0; p < 3; ++p) {
        s.length[p] = state_->queues[p].size();
        s.peak[p] = state_->peak[p];
        s.wait[p] = state_->waits[p].summary();
    }
    return s;
}

} // namespace pictor::service
