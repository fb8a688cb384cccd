#include "api/display/display_handler.h"
#include "app/install.h"
#include "service/display_service.h"

namespace pictor::app {

void install_display(http::Router& router, Keep& keep, Foundation& f,
                     const config::DisplayConfig& display, int max_width) {
    auto& service = keep_new<service::DisplayService>(keep, display, max_width, *f.pipeline,
                                                      f.engine->writable_formats(), *f.originals);
    keep_new<api::DisplayHandler>(keep, service, *f.endpoint).register_routes(router);
}

} // namespace pictor::app
