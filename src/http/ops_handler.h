#pragma once
// Operational endpoints: /healthz, Prometheus /metrics and the OpenAPI document.
#include "http/metrics.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/rendition_service.h"

namespace pictor::http {

// `more_metrics` adds Prometheus lines of other parts (the converter).
void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool,
                         const service::RenditionService& renditions,
                         std::function<std::string()> more_metrics = {});

// Prometheus lines for the derivative cache and the renders behind it.
std::string rendition_metrics(const service::RenditionService& renditions);
// The CPU pool's queue, background lane and workers, in Prometheus text format.
std::string pool_metrics(const CpuPool& pool);

} // namespace pictor::http
