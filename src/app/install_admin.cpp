#include "api/admin/admin_gate.h"
#include "api/admin/admin_handler.h"
#include "api/admin/console_sessions.h"
#include "app/install.h"
#include "service/admin_service.h"
#include "service/thumbnail_prerenderer.h"
#include "sources/source_writer.h"

namespace pictor::app {

void install_admin(http::Router& router, Keep& keep, Foundation& f,
                   const config::AdminConfig& admin, const config::AuthConfig& auth,
                   AdminParts parts, Transport transport) {
    if (admin.user.empty() || admin.password.empty()) return; // no admin API without both
    auto& writer = keep_new<sources::SourceWriter>(keep, f.store->root());
    writer.clean_temp(); // uploads cut short by a crash
    service::ThumbnailPrerenderer* prerenderer = nullptr;
    if (auth.prerender_thumbnails)
        prerenderer = &keep_new<service::ThumbnailPrerenderer>(keep, parts.iiif.service, *f.pool);
    auto& service =
        keep_new<service::AdminService>(keep, transport.limits, auth, *f.renditions, *f.access,
                                        writer, prerenderer, f.origins, *f.remote);
    auto& sessions =
        keep_new<api::ConsoleSessions>(keep, std::chrono::seconds(admin.console_session_s));
    auto& gate = keep_new<api::AdminGate>(keep, admin, sessions, transport.server.trust_proxy);
    keep_new<api::AdminHandler>(keep, service, *f.pool, admin, *f.limits, gate, sessions)
        .register_routes(router);
    // "As seen by" answers through the IIIF and imaging code itself.
    auto& answers = parts.iiif.answers;
    auto& imaging_handler = parts.imaging.handler;
    api::ConsoleParts console{
        *f.access,
        parts.iiif.service,
        parts.imaging.service,
        parts.previews,
        [&answers](std::string server_base, std::string base,
                   core::Result<dialects::iiif::IiifPath> path, http::RequestContext& ctx,
                   http::Reply reply, service::Credentials as) {
            if (!path) return reply(answers.error(path.error()));
            answers.serve(dialects::iiif::Version::V3, server_base, std::move(base),
                          std::move(*path), ctx, std::move(reply), std::move(as));
        },
        [&imaging_handler](http::RequestContext& ctx,
                           core::Result<dialects::imaging::ImagingRoute> route, http::Reply reply,
                           service::Credentials as) {
            imaging_handler.run(ctx, std::move(route), std::move(reply), std::move(as));
        },
        std::move(parts.metrics_text)};
    keep_new<api::ConsoleHandler>(keep, std::move(console), sessions, gate, *f.pool, admin,
                                  transport.server, *f.limits)
        .register_routes(router);
}

} // namespace pictor::app
