#pragma once
// The preview cache's HTTP API under /imageconverter/ (SPEC §3.4, Open-Xchange ImageConverter):
// eleven operations, multipart uploads parsed as a stream, JSON errors {"code", "message"},
// HTTP Basic for the operations that clear or list keys (for all when configured).
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "dialects/converter/route.h"
#include "http/metric_families.h"
#include "http/offload.h"
#include "http/router.h"
#include "http/signed_urls.h"
#include "service/converter_service.h"

namespace pictor::http {

class ConverterHandler {
  public:
    // `signed_urls`: reads (getImage, getImageAndMetadata, getMetadata) need a signature when
    // signing.required names the converter.
    ConverterHandler(service::ConverterService& service, CpuPool& pool,
                     const config::Config& config, const SignedUrls& signed_urls);
    void register_routes(Router& router);
    // With ops.listen: /imageconverter/status on the operator listener, and 404 on the main one.
    void register_status_route(Router& ops_router);
    // The preview cache's metric families for /metrics.
    void metrics(MetricFamilies& out) const;

  private:
    // A row of the status page (?metrics=yes), as it has always read:
    // "pictor_converter_queue_wait_ms_median", "{priority=\"instant\"}", 12.5.
    struct Metric {
        std::string name, labels;
        double value = 0;
    };
    std::vector<Metric> collect() const;
    std::vector<std::pair<std::string, service::TimingSummary>> request_timings() const;
    Handler route_handler(bool ops_listener);
    Response handle(const Request& request, std::string_view path, std::string_view query,
                    bool ops_listener);
    Response run(const Request& request, const dialects::converter::ConverterRoute& route);
    Response status_page(bool with_metrics) const;
    bool needs_credentials(std::string_view operation) const;
    void record(const std::string& kind, double ms);

    service::ConverterService& service_;
    CpuPool& pool_;
    config::ConverterConfig config_;
    config::ServerConfig server_; // the operator pages' credentials
    int deadline_ms_;             // of the wait for a worker
    bool status_on_ops_listener_ = false;
    mutable std::mutex timings_mutex_;
    // Per kind of request (get, cache, cacheAndGet, admin).
    std::vector<std::pair<std::string, service::TimingWindow>> timings_;
    const SignedUrls& signed_urls_;
};

// {"code": status, "message": ...}, never cached.
Response converter_error(const core::Error& error);

} // namespace pictor::http
