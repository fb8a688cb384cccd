#include "api/ops/openapi_route.h"
#include "api/ops/ops_handler.h"
#include "api/ops/source_metrics.h"
#include "app/install.h"

namespace pictor::app {

std::function<std::string()> install_ops(http::Router& router, http::Router* ops_router,
                                         Foundation& f, const config::ServerConfig& server,
                                         api::ConverterHandler& converter) {
    api::register_health_route(router);
    auto more_metrics = [&converter, &f](http::MetricFamilies& out) {
        converter.metrics(out);
        api::source_metrics(out, *f.store, f.remote->cache_if_any());
        api::breaker_metrics(out, f.remote->breaker_stats());
    };
    api::register_ops_routes(
        ops_router ? *ops_router : router, *f.metrics, *f.pool, server, *f.renditions, *f.store,
        more_metrics, [&f] { return f.catalog->ping(); }, ops_router ? &router : nullptr);
    return [&f, more_metrics] {
        return api::metrics_text(*f.metrics, *f.pool, *f.renditions, more_metrics);
    };
}

void install_openapi(http::Router& router, const http::Router* ops_router) {
    api::register_openapi_route(router, ops_router);
}

} // namespace pictor::app
