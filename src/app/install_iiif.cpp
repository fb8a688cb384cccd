#include "api/iiif/auth_handler.h"
#include "api/iiif/dlcs_handler.h"
#include "api/iiif/iiif_handler.h"
#include "api/iiif/manifest_handler.h"
#include "app/install.h"
#include "service/manifest_service.h"
#include "service/thumbs_service.h"

namespace pictor::app {

IiifFeature install_iiif(http::Router& router, Keep& keep, Foundation& f,
                         const config::IiifConfig& iiif, const config::DlcsConfig& dlcs,
                         const config::AuthConfig& auth, bool expose_iiif, bool expose_dlcs,
                         Transport transport) {
    auto& service =
        keep_new<service::IiifService>(keep, iiif, *f.limits, *f.images, *f.pipeline, *f.access);
    auto& answers = keep_new<api::IiifAnswers>(keep, service, *f.endpoint);
    auto& thumbs = keep_new<service::ThumbsService>(keep, iiif, *f.pipeline, service);
    auto& manifests =
        keep_new<service::ManifestService>(keep, iiif, *f.pipeline, *f.images, *f.access);
    if (expose_iiif) {
        keep_new<api::IiifHandler>(keep, answers).register_routes(router);
        keep_new<api::AuthHandler>(keep, service, *f.pool, auth, dlcs, transport.server, *f.limits)
            .register_routes(router);
        keep_new<api::ManifestHandler>(keep, manifests, *f.endpoint).register_routes(router);
    }
    if (expose_dlcs)
        keep_new<api::DlcsHandler>(keep, dlcs, answers, thumbs, *f.endpoint)
            .register_routes(router);
    return {service, answers};
}

} // namespace pictor::app
