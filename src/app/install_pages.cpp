#include "api/pages/landing_page.h"
#include "api/pages/ui_handler.h"
#include "app/install.h"

namespace pictor::app {

void install_pages(http::Router& router, http::Router* ops_router, Keep& keep,
                   const config::UiConfig& ui, const config::ExposeConfig& expose, bool admin_api,
                   const std::string& prefix) {
    auto& pages = keep_new<api::UiHandler>(keep, api::ui_folder(ui.dir));
    if (expose.viewer) pages.register_routes(router, admin_api);
    api::register_landing_page(router, {ops_router == nullptr, admin_api,
                                        expose.viewer && pages.installed(), prefix, expose});
}

} // namespace pictor::app
