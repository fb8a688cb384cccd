#pragma once
// HTTP adapter for the imaging actions (docs/imaging.md):
// /app/api/json/imaging/{action}/{id}{/transform}, the legacy imaging.jspz paths, and the catalog.
// Images go through the ImageEndpoint; errors are Wedia's JSON {"status", "code", "message"}.
#include "dialects/imaging/route.h"
#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/imaging_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class ImagingHandler {
  public:
    ImagingHandler(service::ImagingService& service, ImageEndpoint& endpoint);

    void register_routes(Router& router);
    // Answers a parsed action request; `as` answers as another viewer than the request's (the
    // admin console's "as seen by").
    void run(RequestContext& ctx, core::Result<dialects::imaging::ImagingRoute> route, Reply reply,
             std::optional<service::Credentials> as = std::nullopt);

  private:
    Response catalog(const service::Credentials& creds, const std::string& href,
                     Clock::time_point received) const;

    service::ImagingService& service_;
    ImageEndpoint& endpoint_;
    ErrorTable errors_; // Wedia's {"status", "code", "message"}, codes as configured
};

// The imaging error table; `wedia_codes`: imaging.wedia_error_codes.
ErrorTable imaging_errors(bool wedia_codes);

} // namespace pictor::api
