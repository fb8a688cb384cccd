#pragma once
// DLCS delivery URLs as aliases of pictor's IIIF services (dialects/iiif/dlcs_path.h):
// `/iiif-img/[v2/|v3/]{customer}/{space}/{image}/…` is the IIIF image service (the default
// version without a slug; a versioned info.json of the default version redirects to the
// unversioned one, as DLCS does), and `/thumbs/[v2/|v3/]{customer}/{space}/{image}/…` the level 0
// thumbnail service. Policy, limits and caches are the IIIF ones.
#include "api/iiif/iiif_answers.h"
#include "dialects/iiif/dlcs_path.h"
#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/thumbs_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class DlcsHandler {
  public:
    DlcsHandler(const config::DlcsConfig& config, IiifAnswers& iiif, service::ThumbsService& thumbs,
                ImageEndpoint& endpoint);

    void register_routes(Router& router);

  private:
    // The version a request is answered in: its slug's, else (info.json) the one its Accept
    // header's profile names, else dlcs.default_version.
    dialects::iiif::Version version_of(const std::optional<dialects::iiif::Version>& slug,
                                       const dialects::iiif::IiifPath& path,
                                       const Request& request) const;
    void image_service(RequestContext& ctx, Reply reply);
    void thumbs(RequestContext& ctx, Reply reply);

    dialects::iiif::DlcsSpaces spaces_;
    dialects::iiif::Version default_version_;
    IiifAnswers& iiif_;
    service::ThumbsService& thumbs_;
    ImageEndpoint& endpoint_;
};

} // namespace pictor::api
