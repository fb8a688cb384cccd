#include "http/metric_families.h"

#include <limits>
#include <sstream>

#include <prometheus/text_serializer.h>

namespace pictor::http {
namespace {

prometheus::ClientMetric& add_sample(MetricFamilies& out, const std::string& name,
                                     const std::string& help, prometheus::MetricType type,
                                     const MetricLabels& labels) {
    prometheus::MetricFamily* family = nullptr;
    for (auto& f : out)
        if (f.name == name) family = &f;
    if (!family) {
        out.push_back({name, help, type, {}});
        family = &out.back();
    }
    prometheus::ClientMetric sample;
    for (const auto& [key, value] : labels)
        sample.label.push_back({key, value});
    family->metric.push_back(std::move(sample));
    return family->metric.back();
}

} // namespace

void add_counter(MetricFamilies& out, const std::string& name, const std::string& help,
                 double value, const MetricLabels& labels) {
    add_sample(out, name, help, prometheus::MetricType::Counter, labels).counter.value = value;
}

void add_gauge(MetricFamilies& out, const std::string& name, const std::string& help, double value,
               const MetricLabels& labels) {
    add_sample(out, name, help, prometheus::MetricType::Gauge, labels).gauge.value = value;
}

void add_histogram(MetricFamilies& out, const std::string& name, const std::string& help,
                   const core::LatencySnapshot& latency, const MetricLabels& labels) {
    auto& histogram =
        add_sample(out, name, help, prometheus::MetricType::Histogram, labels).histogram;
    histogram.sample_count = latency.count;
    histogram.sample_sum = latency.sum_seconds;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency.bounds.size() && i < latency.per_bucket.size(); ++i) {
        cumulative += latency.per_bucket[i];
        histogram.bucket.push_back({cumulative, latency.bounds[i]});
    }
    histogram.bucket.push_back({latency.count, std::numeric_limits<double>::infinity()});
}

std::string exposition(const MetricFamilies& families) {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, families);
    return out.str();
}

} // namespace pictor::http
