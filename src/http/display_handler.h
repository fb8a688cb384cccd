#pragma once
// HTTP adapter for the display API: /api/display/{id} and /api/0.4/display/{id}. Errors are
// OpenAtlas' JSON shape {"title", "message", "url", "timestamp", "status"}.
#include "config/config.h"
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/display_service.h"

namespace pictor::http {

class DisplayHandler {
  public:
    DisplayHandler(service::DisplayService& service, CpuPool& pool, Metrics& metrics,
                   const config::Config& config);
    void register_routes(Router& router);

  private:
    void handle(const std::string& prefix, RequestContext& ctx, Reply reply);

    service::DisplayService& service_;
    CpuPool& pool_;
    Metrics& metrics_;
    bool trust_proxy_;
    int deadline_ms_;
    int max_age_s_;
    std::string cookie_name_;
};

Response display_error(beast_http::status status, const std::string& message,
                       const std::string& url);
Response display_error(const core::Error& error, const std::string& url);

} // namespace pictor::http
