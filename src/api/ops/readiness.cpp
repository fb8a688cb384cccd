#include "api/ops/readiness.h"

#include <spdlog/spdlog.h>

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

Readiness check_readiness(const sources::SourceStore& sources,
                          const service::RenditionService& renditions,
                          const std::function<core::Result<void>()>& state) {
    Readiness r;
    std::vector<std::string> causes; // of a 503
    bool database = true;
    if (state) {
        auto answered = state();
        if (!answered) causes.push_back("state database unreachable: " + answered.error().detail);
        database = bool(answered);
    }
    // The derivative cache's folder takes a new file (null: the cache is off).
    nlohmann::json cache = nullptr;
    if (auto* derivatives = renditions.cache()) {
        auto writable = derivatives->writable();
        if (!writable) { // the detail names a path: the log only
            spdlog::warn("readyz: degraded: derivative cache not writable ({}); answers are "
                         "rendered uncached",
                         writable.error().detail);
            r.degraded.push_back("cache");
        }
        cache = bool(writable);
    }
    nlohmann::json list = nlohmann::json::array();
    for (auto& [name, reachable] : sources.reachability()) {
        list.push_back({{"source", name}, {"reachable", bool(reachable)}});
        if (reachable) continue;
        // The detail names addresses: the log only. The local store is what this node serves
        // from; a remote origin is one of several.
        if (name == "local") {
            causes.push_back("image store unreadable: " + reachable.error().message);
        } else {
            spdlog::warn("readyz: degraded: source {} unreachable: {}", name,
                         reachable.error().message);
            r.degraded.push_back("source:" + name);
        }
    }
    r.ready = causes.empty();
    for (const auto& cause : causes)
        spdlog::error("readyz: not ready: {}", cause);
    r.body = {{"ready", r.ready},
              {"status", !r.ready             ? "unavailable"
                         : r.degraded.empty() ? "ok"
                                              : "degraded"},
              {"degraded", r.degraded},
              {"database", database},
              {"cache", cache},
              {"sources", list}};
    return r;
}

void LastReadiness::remember(const Readiness& r) {
    std::lock_guard lock(mutex_);
    checked_ = true;
    ready_ = r.ready;
    degraded_ = r.degraded;
}

void LastReadiness::add_metrics(MetricFamilies& out) const {
    std::lock_guard lock(mutex_);
    if (!checked_) return; // no /readyz yet: nothing known
    add_gauge(out, "pictor_ready", "1 if the last /readyz found this node ready, else 0.",
              ready_ ? 1 : 0);
    const char* help = "Parts the last /readyz found degraded (1), by part; the node stays ready.";
    if (degraded_.empty()) add_gauge(out, "pictor_degraded", help, 0, {{"part", "none"}});
    for (const auto& part : degraded_)
        add_gauge(out, "pictor_degraded", help, 1, {{"part", part}});
}

} // namespace pictor::api
