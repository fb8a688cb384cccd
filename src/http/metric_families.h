#pragma once
// /metrics is exposed by prometheus-cpp: live instruments (request counters and latency
// histograms, http/metrics.h) sit in a prometheus::Registry, and the numbers other modules keep
// (queues, caches, side-cars, sources, the converter) are read at scrape time into metric
// families with the helpers below. They append a sample to the family of that name, creating
// it on first use, so a family's samples always stay together (strict parsers count a family
// that reappears as a new, untyped one), and TextSerializer writes the exposition.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/metric_family.h>

#include "core/latency_histogram.h"

namespace pictor::http {

using MetricFamilies = std::vector<prometheus::MetricFamily>;
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

void add_counter(MetricFamilies& out, const std::string& name, const std::string& help,
                 double value, const MetricLabels& labels = {});
void add_gauge(MetricFamilies& out, const std::string& name, const std::string& help, double value,
               const MetricLabels& labels = {});
// A histogram of a core::LatencyHistogram's snapshot (its per-bucket counts made cumulative,
// and +Inf: the count, which includes the samples above the last bound).
void add_histogram(MetricFamilies& out, const std::string& name, const std::string& help,
                   const core::LatencySnapshot& latency, const MetricLabels& labels = {});

// The Prometheus text exposition (format 0.0.4) of `families`.
std::string exposition(const MetricFamilies& families);

} // namespace pictor::http
