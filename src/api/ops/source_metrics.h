#pragma once
// Metric families for the remote sources: origin requests, errors, bytes and latency per
// mount (label `source`, the prefix), and the source cache's hits and size.
#include "http/metric_families.h"
#include "sources/circuit_breaker.h"
#include "sources/source_cache.h"
#include "sources/source_store.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

void source_metrics(MetricFamilies& out, const sources::SourceStore& sources,
                    const sources::SourceCache* cache);
// The origin hosts' circuit breakers.
void breaker_metrics(MetricFamilies& out, const sources::BreakerStats& breakers);

} // namespace pictor::api
