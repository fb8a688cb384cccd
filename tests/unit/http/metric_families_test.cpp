// The scrape-time metric families: samples of one name stay in one family whatever order they
// are added in (the interleaving bug of the hand-written writer), histograms from per-bucket
// counts come out cumulative with +Inf, summaries carry their quantiles, count and sum.
#include <gtest/gtest.h>

#include "http/metric_families.h"

namespace pictor::http {
namespace {

TEST(MetricFamilies, SamplesOfOneNameStayTogetherWhateverTheOrder) {
    MetricFamilies out;
    for (const char* priority : {"instant", "medium"}) {
        add_gauge(out, "queue_length", "Waiting.", 1, {{"priority", priority}});
        add_gauge(out, "queue_peak", "Peak.", 2, {{"priority", priority}});
    }
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].name, "queue_length");
    EXPECT_EQ(out[0].metric.size(), 2u);
    auto text = exposition(out);
    // Both queue_length samples before queue_peak's TYPE line.
    auto second_length = text.find("queue_length{priority=\"medium\"} 1");
    auto peak_type = text.find("# TYPE queue_peak gauge");
    ASSERT_NE(second_length, std::string::npos) << text;
    ASSERT_NE(peak_type, std::string::npos) << text;
    EXPECT_LT(second_length, peak_type) << text;
}

TEST(MetricFamilies, HistogramsAreCumulativeWithInfinity) {
    MetricFamilies out;
    add_histogram(out, "fetch_seconds", "Fetches.",
                  core::LatencySnapshot{{0.1, 1}, {2, 3}, 7, 12.5}, {{"source", "a/"}});
    auto text = exposition(out);
    EXPECT_NE(text.find("# TYPE fetch_seconds histogram"), std::string::npos) << text;
    EXPECT_NE(text.find("fetch_seconds_bucket{source=\"a/\",le=\"0.1\"} 2"), std::string::npos)
        << text;
    EXPECT_NE(text.find("fetch_seconds_bucket{source=\"a/\",le=\"1\"} 5"), std::string::npos)
        << text;
    EXPECT_NE(text.find("fetch_seconds_bucket{source=\"a/\",le=\"+Inf\"} 7"), std::string::npos)
        << text;
    EXPECT_NE(text.find("fetch_seconds_count{source=\"a/\"} 7"), std::string::npos) << text;
    EXPECT_NE(text.find("fetch_seconds_sum{source=\"a/\"} 12.5"), std::string::npos) << text;
}

TEST(MetricFamilies, LabelValuesAreEscaped) {
    MetricFamilies out;
    add_gauge(out, "info", "Info.", 1, {{"commit", "a\"b\\c\nd"}});
    EXPECT_NE(exposition(out).find(R"(info{commit="a\"b\\c\nd"} 1)"), std::string::npos)
        << exposition(out);
}

} // namespace
} // namespace pictor::http
