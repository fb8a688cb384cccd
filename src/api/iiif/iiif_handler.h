#pragma once
// The IIIF Image API's own paths, /iiif/3/ and /iiif/2/: each request's path is split and
// answered by IiifAnswers with the image service's base URI below the prefix.
#include "api/iiif/iiif_answers.h"
#include "http/router.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class IiifHandler {
  public:
    explicit IiifHandler(IiifAnswers& answers);

    void register_routes(Router& router);

  private:
    void handle(dialects::iiif::Version version, const std::string& prefix, RequestContext& ctx,
                Reply reply);

    IiifAnswers& answers_;
};

} // namespace pictor::api
