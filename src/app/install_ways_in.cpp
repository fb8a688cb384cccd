#include "app/install.h"

namespace pictor::app {

core::Result<service::ImagingService*> install_ways_in(http::Router& router,
                                                       http::Router* ops_router, Keep& keep,
                                                       Foundation& f, const config::Config& config,
                                                       const std::string& prefix) {
    const Transport transport{config.server, config.limits};
    // Only the dialects this installation offers get routes (expose.*): the rest are 404.
    const auto& expose = config.expose;
    auto iiif = install_iiif(router, keep, f, config.iiif, config.dlcs, config.auth, expose.iiif,
                             expose.dlcs, transport);
    if (expose.display) install_display(router, keep, f, config.display, config.limits.max_width);
    if (expose.files) install_files(router, keep, f, config.thumbnails);
    auto imaging = install_imaging(router, keep, f, config.imaging, expose.imaging);
    if (!imaging) return imaging.error();
    auto converter = install_converter(
        router, ops_router, keep, f, config.converter, config.converter_dir(),
        config.catalog_url().starts_with("postgres"), expose.converter, transport);
    if (!converter) return converter.error();
    auto metrics_text = install_ops(router, ops_router, f, config.server, converter->handler);
    install_admin(router, keep, f, config.admin, config.auth,
                  {iiif, *imaging, converter->service, metrics_text}, transport);
    install_pages(router, ops_router, keep, config.ui, expose, config.admin_enabled(), prefix);
    install_openapi(router, ops_router);
    return &imaging->service;
}

} // namespace pictor::app
