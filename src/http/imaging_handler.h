#pragma once
// HTTP adapter for the imaging actions (SPEC §3.5, seed 004): /app/api/json/imaging/{action}/
// {id}{/transform}, the catalog /app/api/json/catalog/imaging, and their legacy .jspz paths.
// Images are answered as attachments with X-Imaging-Commands; errors as
// {"status", "code", "message"} with the seed's API codes.
#include <string>

#include "config/config.h"
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/imaging_service.h"

namespace pictor::http {

class ImagingHandler {
  public:
    ImagingHandler(service::ImagingService& service, CpuPool& pool, Metrics& metrics,
                   const config::Config& config);
    void register_routes(Router& router);

  private:
    void transform(RequestContext& ctx, Reply reply);
    void legacy_transform(RequestContext& ctx, Reply reply);
    void run(RequestContext& ctx, std::string action, std::string id, std::string transform,
             Reply reply);
    Response catalog(RequestContext& ctx);

    service::ImagingService& service_;
    CpuPool& pool_;
    Metrics& metrics_;
    bool trust_proxy_;
    int deadline_ms_;
    int max_age_s_;
    std::string cookie_name_;
};

Response imaging_error(const dialects::imaging::ApiError& error);

} // namespace pictor::http
