#pragma once
// The admin API's routes the admin console (/admin/ui/) needs beyond the catalog's: signing in
// and out (/admin/session), the imaging actions with their canonical commands, the preview
// cache's keys and renditions, the metrics, and "as seen by" (/admin/seen-by/{viewer}/iiif/3/…
// and …/imaging/{action}/{id}[/{transform}]: the answers an anonymous visitor, a signed-in user,
// a holder of a role, or staff would get, through the same IIIF and imaging code). All but the
// sign-in pass the AdminGate first.
#include <functional>
#include <string>

#include "api/admin/admin_gate.h"
#include "api/admin/console_sessions.h"
#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/iiif/iiif_path.h"
#include "dialects/imaging/route.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/access_service.h"
#include "service/converter_service.h"
#include "service/iiif_service.h"
#include "service/imaging_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

struct ConsoleParts {
    service::AccessService& access;
    service::IiifService& iiif;
    service::ImagingService& imaging;
    service::ConverterService& previews;
    // "As seen by" answers through the IIIF and imaging handlers' own code (wired by the app, so
    // no handler includes another): a IIIF 3 path below `base` and a parsed action request,
    // either of which may be the parser's refusal, answered in its dialect's error format.
    std::function<void(std::string server_base, std::string base,
                       core::Result<dialects::iiif::IiifPath> path, RequestContext& ctx,
                       Reply reply, service::Credentials as)>
        iiif_as;
    std::function<void(RequestContext& ctx, core::Result<dialects::imaging::ImagingRoute> route,
                       Reply reply, service::Credentials as)>
        imaging_as;
    std::function<std::string()> metrics_text; // the Prometheus exposition of /metrics
};

class ConsoleHandler {
  public:
    ConsoleHandler(ConsoleParts parts, ConsoleSessions& sessions, const AdminGate& gate,
                   CpuPool& pool, const config::AdminConfig& admin,
                   const config::ServerConfig& server, const config::RuntimeLimits& limits);
    void register_routes(Router& router);

  private:
    Response session(const Request& request);
    Response sign_in(const Request& request);
    Response actions() const;
    Response previews(std::string_view rest, std::string_view query);
    void seen_by(RequestContext& ctx, Reply reply);
    // Runs `work` on a worker, within the request deadline.
    void offload_work(Reply reply, std::function<Response()> work);

    ConsoleParts parts_;
    ConsoleSessions& sessions_;
    const AdminGate& gate_;
    CpuPool& pool_;
    config::AdminConfig admin_;
    bool trust_proxy_;
    const config::RuntimeLimits& limits_;
};

} // namespace pictor::api
