#pragma once
// One function per way in, each putting its services and handlers on the router: serve()
// (app/serve_command.cpp) lays the foundation and install_ways_in() calls them in turn. Each takes
// the configuration sections of its own feature (plus the transport's server and limits sections
// its handlers answer within); what it builds is kept in `keep` until the server stops, and what
// another feature needs from it is returned by reference.
#include <functional>
#include <memory>
#include <vector>

#include "api/admin/console_handler.h"
#include "api/converter/converter_handler.h"
#include "api/iiif/iiif_answers.h"
#include "api/imaging/imaging_handler.h"
#include "app/foundation.h"
#include "config/config.h"
#include "http/router.h"
#include "service/converter_service.h"
#include "service/iiif_service.h"
#include "service/imaging_service.h"

namespace pictor::app {

// What the installed features built and their routes point into. Released newest first, so
// nothing outlives what it was built on.
class Keep {
  public:
    Keep() = default;
    Keep(const Keep&) = delete;
    Keep& operator=(const Keep&) = delete;
    ~Keep() {
        while (!kept_.empty())
            kept_.pop_back();
    }
    void push_back(std::shared_ptr<void> made) { kept_.push_back(std::move(made)); }

  private:
    std::vector<std::shared_ptr<void>> kept_;
};

template <class T, class... Args> T& keep_new(Keep& keep, Args&&... args) {
    auto made = std::make_shared<T>(std::forward<Args>(args)...);
    keep.push_back(made);
    return *made;
}

// The settings every handler answers within.
struct Transport {
    const config::ServerConfig& server;
    const config::LimitsConfig& limits;
};

struct IiifFeature {
    service::IiifService& service;
    api::IiifAnswers& answers;
};
// /iiif/3/ and /iiif/2/ with the auth services and the Presentation manifests (expose.iiif), and
// DLCS's /iiif-img/ and /thumbs/ aliases (expose.dlcs). The IIIF service is built either way:
// the admin API and the console use it.
IiifFeature install_iiif(http::Router& router, Keep& keep, Foundation& f,
                         const config::IiifConfig& iiif, const config::DlcsConfig& dlcs,
                         const config::AuthConfig& auth, bool expose_iiif, bool expose_dlcs,
                         Transport transport);

// /display/ and /image/ (OpenAtlas).
void install_display(http::Router& router, Keep& keep, Foundation& f,
                     const config::DisplayConfig& display, int max_width);

// The MediaWiki file and thumbnails REST API.
void install_files(http::Router& router, Keep& keep, Foundation& f,
                   const config::ThumbnailsConfig& thumbnails);

struct ImagingFeature {
    service::ImagingService& service;
    api::ImagingHandler& handler;
};
// Wedia's named imaging actions; the routes only when `expose` (the console uses the handler).
core::Result<ImagingFeature> install_imaging(http::Router& router, Keep& keep, Foundation& f,
                                             const config::ImagingConfig& imaging, bool expose);

struct ConverterFeature {
    service::ConverterService& service;
    api::ConverterHandler& handler;
};
// The Open-Xchange ImageConverter under /imageconverter/; with `ops_router` its
// status page moves there. `shared_state`: the state database is shared with other nodes.
core::Result<ConverterFeature>
install_converter(http::Router& router, http::Router* ops_router, Keep& keep, Foundation& f,
                  const config::ConverterConfig& converter, const std::string& converter_dir,
                  bool shared_state, bool expose, Transport transport);

// The admin API and the admin console (only when admin.user and admin.password are set).
struct AdminParts {
    IiifFeature iiif;
    ImagingFeature imaging;
    service::ConverterService& previews;
    std::function<std::string()> metrics_text;
};
void install_admin(http::Router& router, Keep& keep, Foundation& f,
                   const config::AdminConfig& admin, const config::AuthConfig& auth,
                   AdminParts parts, Transport transport);

// /healthz, and /readyz and /metrics on `ops_router` (ops.listen) or the main one. Returns the
// whole exposition, for the console's /admin/metrics.
std::function<std::string()> install_ops(http::Router& router, http::Router* ops_router,
                                         Foundation& f, const config::ServerConfig& server,
                                         api::ConverterHandler& converter);

// /openapi.json: lists only the routes registered before it, so it is installed last.
void install_openapi(http::Router& router, const http::Router* ops_router);

// The browser pages (the viewer, the console, their built files) and the landing page.
void install_pages(http::Router& router, http::Router* ops_router, Keep& keep,
                   const config::UiConfig& ui, const config::ExposeConfig& expose, bool admin_api,
                   const std::string& prefix);

// Every way in the configuration offers, each with its sections, in the order the routes need
// (/openapi.json last). `prefix`: server.public_url's path. Returns the imaging service, whose
// actions SIGHUP reloads.
core::Result<service::ImagingService*> install_ways_in(http::Router& router,
                                                       http::Router* ops_router, Keep& keep,
                                                       Foundation& f, const config::Config& config,
                                                       const std::string& prefix);

} // namespace pictor::app
