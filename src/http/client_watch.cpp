#include "http/client_watch.h"

namespace pictor::http {

void ClientWatch::mark_gone() {
    std::vector<std::function<void()>> run;
    {
        std::lock_guard lock(mutex_);
        if (gone_) return;
        gone_ = true;
        run.swap(subscribers_);
    }
    for (auto& f : run)
        f();
}

bool ClientWatch::gone() const {
    std::lock_guard lock(mutex_);
    return gone_;
}

void ClientWatch::subscribe(std::function<void()> on_gone) {
    {
        std::lock_guard lock(mutex_);
        if (!gone_) {
            subscribers_.push_back(std::move(on_gone));
            return;
        }
    }
    on_gone();
}

} // namespace pictor::http
