#pragma once
// Operational endpoints: /healthz and Prometheus /metrics.
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"

namespace pictor::http {

void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool);

} // namespace pictor::http
