#pragma once
// The admin API under /admin/ (absent unless admin.user and admin.password are set). The
// AdminGate checks the credentials on the request header, before an upload's body is read.
#include "api/admin/admin_gate.h"
#include "config/config.h"
#include "config/runtime_limits.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/admin_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class AdminHandler {
  public:
    // `sessions`: the console's sign-ins, ended when their user or admin.role changes.
    AdminHandler(service::AdminService& service, CpuPool& pool, const config::AdminConfig& admin,
                 const config::RuntimeLimits& limits, const AdminGate& gate,
                 ConsoleSessions& sessions);
    void register_routes(Router& router);

  private:
    Response handle(const Request& request, std::string_view path, std::string_view query);
    Response assets(const Request& request, std::string_view rest, std::string_view query);
    Response roles(const Request& request, std::string_view rest);
    Response users(const Request& request, std::string_view rest);

    service::AdminService& service_;
    CpuPool& pool_;
    const AdminGate& gate_;
    ConsoleSessions& sessions_;
    std::string admin_role_;
    std::int64_t upload_bytes_;
    const config::RuntimeLimits& limits_; // the deadline of the wait for a worker
};

} // namespace pictor::api
