#pragma once
// The process and libvips families of /metrics: process_* as every Prometheus client library
// names them (CPU, memory, file descriptors, start time, read from /proc and getrusage), and
// libvips' own accounting of its memory and open files (pictor_vips_*).
#include "http/metric_families.h"

namespace pictor::api {

void process_metrics(http::MetricFamilies& out);
void vips_metrics(http::MetricFamilies& out);

} // namespace pictor::api
