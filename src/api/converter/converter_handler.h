#pragma once
// The converter's HTTP API under /imageconverter/ (docs/converter.md, Open-Xchange ImageConverter):
// eleven operations, multipart uploads parsed as a stream, JSON errors {"code", "message"},
// HTTP Basic for the operations that clear or list keys (for all when configured).
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/converter/route.h"
#include "http/image_endpoint.h"
#include "http/metric_families.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/converter_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class ConverterHandler {
  public:
    // Image answers share the ImageEndpoint's preconditions, validators, privacy and error rules
    // (and its signed-URL check: reads need a signature when signing.required names the
    // converter); the converter keeps its own worker hand-off, for the upload lane.
    ConverterHandler(service::ConverterService& service, CpuPool& pool,
                     const config::ConverterConfig& converter, const config::ServerConfig& server,
                     const config::RuntimeLimits& limits, ImageEndpoint& endpoint);
    void register_routes(Router& router);
    // With ops.listen: /imageconverter/status on the operator listener, and 404 on the main one.
    void register_status_route(Router& ops_router);
    // The converter's metric families for /metrics.
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
    // A rendition (with its metadata: multipart) after the endpoint's preconditions.
    Response image(const Request& request, const service::ConverterImage& image,
                   const dialects::converter::RequestFormat& wanted, bool with_metadata) const;
    // The converter's error format through the endpoint: logged, never cacheable.
    Response error(const core::Error& error) const;
    bool needs_credentials(std::string_view operation) const;
    void record(const std::string& kind, double ms);

    service::ConverterService& service_;
    CpuPool& pool_;
    config::ConverterConfig config_;
    config::ServerConfig server_;         // the operator pages' credentials
    const config::RuntimeLimits& limits_; // the deadline of the wait for a worker
    bool status_on_ops_listener_ = false;
    mutable std::mutex timings_mutex_;
    // Per kind of request (get, cache, cacheAndGet, admin).
    std::vector<std::pair<std::string, service::TimingWindow>> timings_;
    ImageEndpoint& endpoint_;
};

// The converter's error table: {"code": status, "message": ...}.
Response converter_error(const core::Error& error);

} // namespace pictor::api
