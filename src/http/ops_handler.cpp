#include "http/ops_handler.h"

#include <fmt/format.h>

#include "http/response_builders.h"

namespace pictor::http {

using beast_http::status;

void register_ops_routes(Router& router, Metrics& metrics, CpuPool& pool) {
    router.add_exact("/healthz", "healthz", [](RequestContext&, Reply reply) {
        Response res = make_response(status::ok, "{\"status\":\"ok\"}\n", "application/json");
        mark_uncacheable(res);
        reply(std::move(res));
    });
    router.add_exact("/metrics", "metrics", [&metrics, &pool](RequestContext&, Reply reply) {
        std::string gauges = fmt::format(
            "# HELP pictor_queue_length Image requests waiting for a worker.\n"
            "# TYPE pictor_queue_length gauge\npictor_queue_length {}\n"
            "# HELP pictor_queue_peak Longest the queue has been.\n"
            "# TYPE pictor_queue_peak gauge\npictor_queue_peak {}\n"
            "# HELP pictor_workers_busy Image workers running a request.\n"
            "# TYPE pictor_workers_busy gauge\npictor_workers_busy {}\n"
            "# HELP pictor_workers Image workers.\n"
            "# TYPE pictor_workers gauge\npictor_workers {}\n"
            "# HELP pictor_queue_rejected_total Requests refused with 503 because the queue was full.\n"
            "# TYPE pictor_queue_rejected_total counter\npictor_queue_rejected_total {}\n",
            pool.queued(), pool.peak_queue(), pool.busy(), pool.workers(), pool.rejected());
        Response res = make_response(status::ok, metrics.render(gauges),
                                     "text/plain; version=0.0.4; charset=utf-8");
        mark_uncacheable(res);
        reply(std::move(res));
    });
}

} // namespace pictor::http
