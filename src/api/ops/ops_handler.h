#pragma once
// Operational endpoints: /healthz, /readyz and Prometheus /metrics.
#include <optional>

#include "config/config.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/rendition_service.h"
#include "sources/source_store.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

// /healthz, on the main port.
void register_health_route(Router& router);
// /healthz, /readyz and /metrics: on the main router, or on the operator listener's
// (ops.listen). `more_metrics` adds the metric families of other parts (the converter, the
// remote sources); `sources` and `state` (the state database answers) answer /readyz. With an
// operator listener, `public_router` (the main port's) gets /readyz too, with the verdict only.
void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool,
                         const config::ServerConfig& server,
                         const service::RenditionService& renditions,
                         const sources::SourceStore& sources,
                         std::function<void(MetricFamilies&)> more_metrics = {},
                         std::function<core::Result<void>()> state = {},
                         Router* public_router = nullptr);

// The whole Prometheus exposition of /metrics (also the admin console's /admin/metrics).
std::string metrics_text(Metrics& metrics, const CpuPool& pool,
                         const service::RenditionService& renditions,
                         const std::function<void(MetricFamilies&)>& more_metrics);
// The derivative cache and the renders behind it.
void rendition_metrics(MetricFamilies& out, const service::RenditionService& renditions);
// The CPU pool's queue, background lane and workers.
void pool_metrics(MetricFamilies& out, const CpuPool& pool);

} // namespace pictor::api
