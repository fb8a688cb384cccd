// A connection's tally adds to /metrics exactly what counting each request into the shared
// instruments would have: the same requests, bytes, histogram buckets and sum, under the route
// and status each request had; and a request being answered counts as in flight until its
// answer is written or its connection closes.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "http/metrics.h"

namespace pictor::http {
namespace {

// name{labels} -> value, for the families Metrics::collect() returns (counters, gauges, and a
// histogram's count, sum and cumulative buckets).
std::map<std::string, double> samples(Metrics& metrics) {
    std::map<std::string, double> out;
    for (const auto& family : metrics.collect())
        for (const auto& m : family.metric) {
            std::string labels;
            for (const auto& l : m.label)
                if (l.name != "dialect") labels += l.name + "=" + l.value + ",";
            std::string name = family.name + "{" + labels + "}";
            switch (family.type) {
            case prometheus::MetricType::Counter: out[name] = m.counter.value; break;
            case prometheus::MetricType::Gauge: out[name] = m.gauge.value; break;
            case prometheus::MetricType::Histogram:
                out[name + "count"] = static_cast<double>(m.histogram.sample_count);
                out[name + "sum"] = m.histogram.sample_sum;
                for (const auto& b : m.histogram.bucket)
                    out[name + "le=" + std::to_string(b.upper_bound)] =
                        static_cast<double>(b.cumulative_count);
                break;
            default: break;
            }
        }
    return out;
}

TEST(RequestTally, AddsWhatEachRequestWouldHaveAddedWhenTheMetricsAreRead) {
    Metrics metrics;
    auto tally = metrics.open_tally();
    tally->count_in(metrics.request_instruments("iiif3", 200));
    tally->record(0.0002, 1000); // first bucket (le 0.0005)
    tally->record(0.0005, 2000); // on a bound: that bucket, as the histogram counts it
    tally->record(0.3, 3000);    // le 0.5
    tally->record(20, 4);        // above every bound: +Inf only
    auto s = samples(metrics);
    EXPECT_EQ(s["pictor_http_requests_total{route=iiif3,status=200,}"], 4);
    EXPECT_EQ(s["pictor_http_response_bytes_total{route=iiif3,}"], 6004);
    const std::string d = "pictor_http_request_duration_seconds{route=iiif3,}";
    EXPECT_EQ(s[d + "count"], 4);
    EXPECT_NEAR(s[d + "sum"], 20.3007, 1e-6);
    EXPECT_EQ(s[d + "le=" + std::to_string(0.0005)], 2);
    EXPECT_EQ(s[d + "le=" + std::to_string(0.25)], 2);
    EXPECT_EQ(s[d + "le=" + std::to_string(0.5)], 3);
    EXPECT_EQ(s[d + "le=" + std::to_string(10.0)], 3);
    // Read again with nothing new: nothing counted twice.
    EXPECT_EQ(samples(metrics)["pictor_http_requests_total{route=iiif3,status=200,}"], 4);
}

TEST(RequestTally, ARouteOrStatusChangeCountsThePendingRequestsWhereTheyBelong) {
    Metrics metrics;
    auto tally = metrics.open_tally();
    tally->count_in(metrics.request_instruments("iiif3", 200));
    tally->record(0.001, 10);
    tally->count_in(metrics.request_instruments("iiif3", 304));
    tally->record(0.001, 0);
    tally->record(0.001, 0);
    tally->count_in(metrics.request_instruments("thumb", 200));
    tally->record(0.001, 7);
    metrics.close_tally(tally); // a closed connection's pending counts are not lost
    auto s = samples(metrics);
    EXPECT_EQ(s["pictor_http_requests_total{route=iiif3,status=200,}"], 1);
    EXPECT_EQ(s["pictor_http_requests_total{route=iiif3,status=304,}"], 2);
    EXPECT_EQ(s["pictor_http_requests_total{route=thumb,status=200,}"], 1);
    EXPECT_EQ(s["pictor_http_response_bytes_total{route=iiif3,}"], 10);
    EXPECT_EQ(s["pictor_http_response_bytes_total{route=thumb,}"], 7);
}

TEST(RequestTally, ARequestBeingAnsweredIsInFlightUntilItsAnswerOrItsConnectionEnds) {
    Metrics metrics;
    auto a = metrics.open_tally();
    auto b = metrics.open_tally();
    auto c = metrics.open_tally();
    a->answering(metrics.in_flight("iiif3"));
    b->answering(metrics.in_flight("iiif3"));
    c->answering(metrics.in_flight("thumb"));
    auto s = samples(metrics);
    EXPECT_EQ(s["pictor_http_requests_in_flight{route=iiif3,}"], 2);
    EXPECT_EQ(s["pictor_http_requests_in_flight{route=thumb,}"], 1);
    a->answering(nullptr);  // answered
    metrics.close_tally(c); // closed while answering
    s = samples(metrics);
    EXPECT_EQ(s["pictor_http_requests_in_flight{route=iiif3,}"], 1);
    EXPECT_EQ(s["pictor_http_requests_in_flight{route=thumb,}"], 0);
}

} // namespace
} // namespace pictor::http
