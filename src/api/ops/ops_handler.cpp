#include "api/ops/ops_handler.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/build_info.h"
#include "core/fault_counter.h"
#include "engine/engine.h"
#include "http/basic_auth.h"
#include "http/operator_gate.h"

#include <fmt/format.h>

#include "api/ops/process_metrics.h"
#include "api/ops/readiness.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::status;

namespace {

// Always 1; the labels say what this binary is (the usual Prometheus "info" idiom, joined to
// other series by instance).
void build_info_metric(MetricFamilies& out) {
    const auto& b = core::build_info();
    std::string vips = "unknown";
    for (const auto& [name, version] : engine::library_versions())
        if (name == "libvips") vips = version;
    add_gauge(out, "pictor_build_info", "The version, commit and libvips of this binary.", 1,
              {{"version", b.version}, {"commit", b.commit}, {"libvips", vips}});
}

// The shared derivative tier (cache.shared), when there is one.
void shared_tier_metrics(MetricFamilies& out, const cache::SharedTier* tier) {
    if (!tier) return;
    auto s = tier->stats();
    add_counter(out, "pictor_cache_shared_hits_total",
                "Local misses answered from the shared cache tier.", s.hits);
    add_counter(out, "pictor_cache_shared_misses_total",
                "Local misses the shared cache tier did not hold either.", s.misses);
    add_counter(out, "pictor_cache_shared_errors_total",
                "Reads of the shared cache tier that failed.", s.errors);
    add_counter(out, "pictor_cache_shared_writes_total",
                "Entries written to the shared cache tier.", s.writes);
    add_counter(out, "pictor_cache_shared_write_errors_total",
                "Writes to the shared cache tier that failed.", s.write_errors);
    add_counter(out, "pictor_cache_shared_dropped_total",
                "Writes to the shared cache tier dropped because its queue was full.", s.dropped);
}

// Pyramid side-cars (service/pyramid_sidecars); zeros when they are off.
void sidecar_metrics(MetricFamilies& out, const service::PyramidSidecars* sidecars) {
    service::SidecarStats s;
    cache::PyramidStoreStats st;
    if (sidecars) {
        s = sidecars->stats();
        st = sidecars->store().stats();
    }
    add_counter(out, "pictor_pyramid_builds_total", "Pyramid side-cars built.", s.builds);
    add_counter(out, "pictor_pyramid_build_failures_total",
                "Pyramid side-car builds that failed or were thrown away.", s.failures);
    add_counter(out, "pictor_pyramid_builds_dropped_total",
                "Side-car builds not queued because the queue was full.", s.dropped);
    add_gauge(out, "pictor_pyramid_builds_waiting", "Side-car builds waiting or running.",
              s.waiting);
    add_counter(out, "pictor_pyramid_renders_total", "Renders read from a pyramid side-car.",
                s.renders);
    add_counter(out, "pictor_pyramid_decoded_renders_total",
                "Renders cut from a source held decoded while its side-car is built.",
                s.decoded_renders);
    add_gauge(out, "pictor_pyramid_decoded_bytes",
              "Bytes of sources held decoded while their side-cars are built.",
              static_cast<std::uint64_t>(s.decoded_bytes));
    add_gauge(out, "pictor_pyramid_bytes", "Bytes the side-car folder holds.",
              static_cast<std::uint64_t>(st.bytes));
    add_gauge(out, "pictor_pyramid_entries", "Side-cars on disk.", st.entries);
    add_counter(out, "pictor_pyramid_evictions_total", "Side-cars removed to stay under the bound.",
                st.evictions);
}

// Environment faults by where and why (core/fault_counter.h); the family is always there.
void fault_metrics(MetricFamilies& out) {
    const char* help = "Environment faults (full or read-only folders, no file descriptors, "
                       "no memory) by area and cause; each is also logged once a minute.";
    auto counts = core::FaultCounter::process().counts();
    if (counts.empty())
        add_counter(out, "pictor_faults_total", help, 0, {{"area", "none"}, {"cause", "none"}});
    for (const auto& c : counts)
        add_counter(out, "pictor_faults_total", help, static_cast<double>(c.count),
                    {{"area", c.area}, {"cause", c.cause}});
}

} // namespace

void rendition_metrics(MetricFamilies& out, const service::RenditionService& renditions) {
    cache::CacheStats c;
    if (renditions.cache()) c = renditions.cache()->stats();
    add_counter(out, "pictor_cache_hits_total", "Image answers served from the derivative cache.",
                c.hits);
    add_counter(out, "pictor_cache_memory_hits_total", "Cache hits served from the memory tier.",
                c.memory_hits);
    add_counter(out, "pictor_cache_misses_total",
                "Image answers not found in the derivative cache.", c.misses);
    add_counter(out, "pictor_cache_evictions_total",
                "Cache entries removed to stay under the bound.", c.evictions);
    add_counter(out, "pictor_cache_write_errors_total",
                "Derivatives that could not be written to the cache.", c.write_errors);
    add_counter(out, "pictor_cache_corrupt_total",
                "Cache entries that failed verification and were dropped.", c.corrupt);
    add_gauge(out, "pictor_cache_bytes", "Bytes the derivative cache holds on disk.", c.bytes);
    add_gauge(out, "pictor_cache_entries", "Entries in the derivative cache.", c.entries);
    add_counter(out, "pictor_renders_total", "Images rendered by the engine.",
                renditions.renders());
    add_counter(out, "pictor_renders_shared_total",
                "Requests that waited for an identical render already in flight.",
                renditions.shared_renders());
    const char* reads = "Time derivative cache reads took (hits and misses), by tier.";
    add_histogram(out, "pictor_cache_read_seconds", reads, renditions.disk_read_latency(),
                  {{"tier", "disk"}});
    if (renditions.cache() && renditions.cache()->shared_tier())
        add_histogram(out, "pictor_cache_read_seconds", reads, renditions.shared_read_latency(),
                      {{"tier", "shared"}});
    add_histogram(out, "pictor_render_seconds", "Time the engine took to render an answer.",
                  renditions.render_latency());
    shared_tier_metrics(out, renditions.cache() ? renditions.cache()->shared_tier() : nullptr);
    sidecar_metrics(out, renditions.images().pyramids());
}

void pool_metrics(MetricFamilies& out, const CpuPool& pool) {
    add_gauge(out, "pictor_queue_length", "Image requests waiting for a worker.", pool.queued());
    add_gauge(out, "pictor_queue_peak", "Longest the queue has been.", pool.peak_queue());
    add_gauge(out, "pictor_upload_queue_length", "Uploads waiting for a worker.",
              pool.queued_uploads());
    add_gauge(out, "pictor_background_queue_length",
              "Background tasks (converter sets, thumbnails) waiting for a worker.",
              pool.queued_background());
    add_gauge(out, "pictor_workers_busy", "Image workers running a task.", pool.busy());
    add_gauge(out, "pictor_workers", "Image workers.", pool.workers());
    add_counter(out, "pictor_queue_rejected_total",
                "Requests refused with 503 because the queue was full.", pool.rejected());
    add_gauge(out, "pictor_io_waiting",
              "Requests waiting on a remote origin, off the image workers (limits.io_lane).",
              pool.waiting_on_io());
    add_counter(out, "pictor_io_refused_total",
                "Requests refused with 503 because limits.io_lane was full.", pool.io_refused());
    auto wait = [&](const core::LatencySnapshot& s, const char* lane) {
        add_histogram(out, "pictor_queue_wait_seconds",
                      "Time work waited for an image worker, by lane.", s, {{"lane", lane}});
    };
    wait(pool.queue_wait(Lane::Request), "request");
    wait(pool.queue_wait(Lane::Upload), "upload");
    wait(pool.background_wait(), "background");
}

std::string metrics_text(Metrics& metrics, const CpuPool& pool,
                         const service::RenditionService& renditions,
                         const std::function<void(MetricFamilies&)>& more_metrics) {
    MetricFamilies families = metrics.collect();
    build_info_metric(families);
    process_metrics(families);
    vips_metrics(families);
    pool_metrics(families, pool);
    fault_metrics(families);
    rendition_metrics(families, renditions);
    if (more_metrics) more_metrics(families);
    return exposition(families);
}

namespace {

// An operator page gathered on a worker (database and origin calls, stats under locks):
// 10 s to find one, plain-text 503 when none is free.
void offload_ops_page(CpuPool& pool, Reply reply, Work work) {
    offload(
        pool, Clock::now() + std::chrono::seconds(10), std::move(reply), std::move(work),
        [](const core::Error& e) { return text_error(status::service_unavailable, e.message); });
}

void add_healthz(Router& router) {
    router.add_exact("/healthz", "healthz", [](RequestContext&, Reply reply) {
        Response res = make_response(status::ok, "{\"status\":\"ok\"}\n", "application/json");
        mark_uncacheable(res);
        reply(std::move(res));
    });
}

// Readiness asks every remote origin (a HEAD each) and the state database: on a worker, like
// /metrics, which reports the last verdict. `detailed` adds the parts and sources.
void add_readyz(Router& router, CpuPool& pool, const sources::SourceStore& sources,
                const service::RenditionService& renditions,
                std::function<core::Result<void>()> state, std::shared_ptr<LastReadiness> last,
                bool detailed) {
    router.add_exact(
        "/readyz", "readyz",
        [&pool, &sources, &renditions, state, last, detailed](RequestContext&, Reply reply) {
            auto work = [&sources, &renditions, state, last, detailed] {
                Readiness r = check_readiness(sources, renditions, state);
                last->remember(r);
                nlohmann::json body = detailed ? r.body
                                               : nlohmann::json{{"ready", r.body["ready"]},
                                                                {"status", r.body["status"]}};
                Response res = make_response(r.ready ? status::ok : status::service_unavailable,
                                             body.dump(2) + "\n", "application/json");
                mark_uncacheable(res);
                return res;
            };
            offload_ops_page(pool, std::move(reply), std::move(work));
        });
}

} // namespace

void register_health_route(Router& router) { add_healthz(router); }

void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool,
                         const config::ServerConfig& server,
                         const service::RenditionService& renditions,
                         const sources::SourceStore& sources,
                         std::function<void(MetricFamilies&)> more_metrics,
                         std::function<core::Result<void>()> state, Router* public_router) {
    if (!router.match("/healthz")) add_healthz(router);
    auto last = std::make_shared<LastReadiness>();
    add_readyz(router, pool, sources, renditions, state, last, true);
    // Load balancers and Kubernetes probe the public port: it answers the verdict alone (the
    // parts and sources stay on the operator listener).
    if (public_router) add_readyz(*public_router, pool, sources, renditions, state, last, false);
    // The converter's numbers come from its catalog (SQL): gathered on a worker.
    router.add_exact("/metrics", "metrics",
                     [&metrics, &pool, &server, &renditions, more_metrics,
                      last](RequestContext& ctx, Reply reply) {
                         if (auto refused = ops_refusal(ctx.request, server))
                             return reply(std::move(*refused));
                         auto work = [&metrics, &pool, &renditions, more_metrics, last] {
                             auto with_readiness = [&more_metrics, &last](MetricFamilies& out) {
                                 if (more_metrics) more_metrics(out);
                                 last->add_metrics(out);
                             };
                             Response res = make_response(
                                 status::ok,
                                 metrics_text(metrics, pool, renditions, with_readiness),
                                 "text/plain; version=0.0.4; charset=utf-8");
                             mark_uncacheable(res);
                             return res;
                         };
                         offload_ops_page(pool, std::move(reply), std::move(work));
                     });
}

} // namespace pictor::api
