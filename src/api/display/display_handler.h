#pragma once
// HTTP adapter for the display API (docs/display.md): /api/display/{id} and /api/0.4/display/{id},
// images through the ImageEndpoint. Errors are JSON {"title", "message", "url", "timestamp",
// "status"}.
#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/display_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class DisplayHandler {
  public:
    DisplayHandler(service::DisplayService& service, ImageEndpoint& endpoint);

    void register_routes(Router& router);

  private:
    void handle(const std::string& prefix, RequestContext& ctx, Reply reply);

    service::DisplayService& service_;
    ImageEndpoint& endpoint_;
};

// The display error table; `url` is the request's URL, echoed in the body.
// `title` replaces the status's title (OpenAtlas titles an unknown route "Endpoint not found").
ErrorTable display_errors(const std::string& url, std::string title = {});

} // namespace pictor::api
