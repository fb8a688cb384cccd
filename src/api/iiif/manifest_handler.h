#pragma once
// HTTP adapter for the generated IIIF Presentation 3 documents under /iiif/presentation/3/:
// `{identifier}/manifest` (an image, or a folder: one canvas per image) and
// `collection[/{folder}][?page=n]`. JSON-LD with the Presentation 3 profile, ETag/304, CORS,
// public (the documents are the same for every viewer).
#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/manifest_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class ManifestHandler {
  public:
    ManifestHandler(service::ManifestService& service, ImageEndpoint& endpoint);
    void register_routes(Router& router);

  private:
    void handle(RequestContext& ctx, Reply reply);

    service::ManifestService& service_;
    ImageEndpoint& endpoint_;
};

} // namespace pictor::api
