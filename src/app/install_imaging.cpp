#include "app/install.h"

namespace pictor::app {

core::Result<ImagingFeature> install_imaging(http::Router& router, Keep& keep, Foundation& f,
                                             const config::ImagingConfig& imaging, bool expose) {
    // A bad actions file stops the start-up, naming the action at fault.
    auto actions = service::ImagingService::load(imaging.actions);
    if (!actions) return actions.error();
    auto& service = keep_new<service::ImagingService>(
        keep, imaging, *f.limits, *f.pipeline, f.engine->writable_formats(), std::move(*actions));
    auto& handler = keep_new<api::ImagingHandler>(keep, service, *f.endpoint);
    if (expose) handler.register_routes(router);
    return ImagingFeature{service, handler};
}

} // namespace pictor::app
