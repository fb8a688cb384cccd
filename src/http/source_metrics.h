#pragma once
// Metric families for the remote sources: origin requests, errors, bytes and latency per
// mount (label `source`, the prefix), and the source cache's hits and size.
#include "http/metric_families.h"
#include "store/circuit_breaker.h"
#include "store/source_cache.h"
#include "store/source_store.h"

namespace pictor::http {

void source_metrics(MetricFamilies& out, const store::SourceStore& sources,
                    const store::SourceCache* cache);
// The origin hosts' circuit breakers.
void breaker_metrics(MetricFamilies& out, const store::BreakerStats& breakers);

} // namespace pictor::http
