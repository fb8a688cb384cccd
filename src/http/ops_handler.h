#pragma once
// Operational endpoints: /healthz, Prometheus /metrics and the OpenAPI document.
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/rendition_service.h"

namespace pictor::http {

void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool,
                         const service::RenditionService& renditions);

// Prometheus lines for the derivative cache and the renders behind it.
std::string rendition_metrics(const service::RenditionService& renditions);

} // namespace pictor::http
