// The durations behind the converter's medians and summaries: the median of the recent
// window only, the count and sum of everything since start.
#include <gtest/gtest.h>

#include "service/timing_window.h"

namespace pictor::service {
namespace {

TEST(TimingWindow, MedianOfTheRecentCountAndSumOfAll) {
    TimingWindow w;
    EXPECT_EQ(w.summary().count, 0u);
    EXPECT_EQ(w.summary().median_ms, 0);
    for (double ms : {5.0, 1.0, 3.0})
        w.add(ms);
    EXPECT_EQ(w.summary().median_ms, 3);
    EXPECT_EQ(w.summary().count, 3u);
    EXPECT_EQ(w.summary().sum_ms, 9);
    // A window's worth of slow requests pushes the early fast ones out of the median, not out
    // of the count and sum.
    for (std::size_t i = 0; i < TimingWindow::kRecent; ++i)
        w.add(100);
    auto s = w.summary();
    EXPECT_EQ(s.median_ms, 100);
    EXPECT_EQ(s.count, TimingWindow::kRecent + 3);
    EXPECT_EQ(s.sum_ms, 9 + 100.0 * TimingWindow::kRecent);
}

} // namespace
} // namespace pictor::service
