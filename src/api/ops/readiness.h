#pragma once
// /readyz: may a load balancer send this node image requests? Not ready (503) only when it
// cannot serve the images it should: the state database is unreachable (every policy and
// session is there) or the local image store cannot be read. A degraded part (the derivative
// cache's folder full or read-only, one remote origin failing) leaves the node ready: images
// are still served, slower or from other sources, and a full disk or an origin outage would
// otherwise take every node out of the balancer at once. Degraded parts are named in the body
// and in the metrics; the cause of a 503 or a degradation is logged.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "http/metric_families.h"
#include "service/rendition_service.h"
#include "sources/source_store.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

struct Readiness {
    bool ready = true;
    std::vector<std::string> degraded; // "cache", "source:web/ (http)", …
    nlohmann::json body;
};

// The checks, run on a worker (a HEAD per remote origin, a database round trip).
Readiness check_readiness(const sources::SourceStore& sources,
                          const service::RenditionService& renditions,
                          const std::function<core::Result<void>()>& state);

// The last check's verdict, for /metrics (pictor_ready, pictor_degraded{part}).
class LastReadiness {
  public:
    void remember(const Readiness& r);
    void add_metrics(MetricFamilies& out) const;

  private:
    mutable std::mutex mutex_;
    bool checked_ = false, ready_ = true;
    std::vector<std::string> degraded_;
};

} // namespace pictor::api
