#pragma once
// HTTP adapter for IIIF Image API 3.0 (/iiif/3/) and 2.1 (/iiif/2/): base-URI redirect,
// info.json with content negotiation, images with canonical and profile Link headers.
#include "config/config.h"
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/iiif_service.h"

namespace pictor::http {

class IiifHandler {
  public:
    IiifHandler(service::IiifService& service, CpuPool& pool, Metrics& metrics,
                const config::Config& config);
    void register_routes(Router& router);

  private:
    void handle(dialects::iiif::Version version, const std::string& prefix, RequestContext& ctx,
                Reply reply);
    std::string links(dialects::iiif::Version version, const std::string& base,
                      const service::IiifImageRequest& request) const;
    // 304 / 412 when the request's preconditions decide the answer.
    std::optional<Response> answer_known(const Request& http_request,
                                         dialects::iiif::Version version, const std::string& base,
                                         const service::IiifImageRequest& request) const;

    service::IiifService& service_;
    CpuPool& pool_;
    Metrics& metrics_;
    bool trust_proxy_;
    int deadline_ms_;
    int max_age_s_;
    std::string cookie_name_;
};

// IIIF answers use the common mapping except that "too large" is a 400 (SPEC §3.1).
Response iiif_error(const core::Error& error);

} // namespace pictor::http
