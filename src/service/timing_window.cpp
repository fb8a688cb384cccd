#include "service/timing_window.h"

#include <algorithm>

namespace pictor::service {

void TimingWindow::add(double ms) {
    if (recent_.size() < kRecent)
        recent_.push_back(ms);
    else
        recent_[next_] = ms;
    next_ = (next_ + 1) % kRecent;
    ++count_;
    sum_ms_ += ms;
    histogram_->observe(ms / 1000);
}

TimingSummary TimingWindow::summary() const {
    TimingSummary s{0, count_, sum_ms_, histogram_->snapshot()};
    if (recent_.empty()) return s;
    std::vector<double> v = recent_;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    s.median_ms = *mid;
    return s;
}

} // namespace pictor::service
