#include "service/state_watch.h"

namespace pictor::service {

StateWatch::StateWatch(Version version, std::function<void()> on_change,
                       std::chrono::milliseconds period)
    : version_(std::move(version)), on_change_(std::move(on_change)), period_(period) {
    thread_ = std::thread([this] { run(); });
}

StateWatch::~StateWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void StateWatch::run() {
    auto first = version_();
    std::int64_t seen = first ? *first : -1;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period_, [&] { return stopping_; })) {
        lock.unlock();
        // A database that is down is asked again next period; what was loaded stays in force.
        if (auto now = version_(); now && *now != seen) {
            seen = *now;
            on_change_();
        }
        lock.lock();
    }
}

} // namespace pictor::service
