#pragma once
// The admin API under /admin/ (HTTP Basic; absent unless admin.user and admin.password are
// set). Credentials are checked on the request header, before an upload's body is read.
#include "config/config.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/admin_service.h"

namespace pictor::http {

class AdminHandler {
  public:
    AdminHandler(service::AdminService& service, CpuPool& pool, const config::Config& config);
    void register_routes(Router& router);

  private:
    Response handle(const Request& request, std::string_view path);
    Response assets(const Request& request, std::string_view rest);
    Response roles(const Request& request, std::string_view rest);
    Response users(const Request& request, std::string_view rest);

    service::AdminService& service_;
    CpuPool& pool_;
    config::AdminConfig admin_;
    int deadline_ms_; // of the wait for a worker
};

// {"error": status, "message": ...}, never cached.
Response admin_error(const core::Error& error);

} // namespace pictor::http
