#pragma once
// Prometheus lines for the remote sources: origin requests, errors, bytes and latency per
// mount (label `source`, the prefix), and the source cache's hits and size.
#include <string>

#include "store/source_cache.h"
#include "store/source_store.h"

namespace pictor::http {

std::string source_metrics(const store::SourceStore& sources, const store::SourceCache* cache);

} // namespace pictor::http
