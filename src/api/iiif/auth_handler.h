#pragma once
// IIIF Authorization Flow 2.0 services under /auth/v2/ (probe, access: active login page,
// clickthrough, kiosk, external; access token; logout) and IIIF Authentication 1.0's under
// /auth/v1/ (login, clickthrough, kiosk, external; token; logout), each version as configured.
// The session cookie is the authorising aspect of both; access tokens stand for their session
// at the probe and, sent as a Bearer header, on info.json and image requests.
#include <string>
#include <vector>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/iiif/dlcs_path.h"
#include "http/offload.h"
#include "http/router.h"
#include "service/iiif_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class AuthHandler {
  public:
    AuthHandler(service::IiifService& iiif, CpuPool& pool, const config::AuthConfig& auth,
                const config::DlcsConfig& dlcs, const config::ServerConfig& server,
                const config::RuntimeLimits& limits);
    void register_routes(Router& router);

  private:
    void probe(RequestContext& ctx, Reply reply);
    void active(RequestContext& ctx, Reply reply);
    void clickthrough(RequestContext& ctx, Reply reply);
    void kiosk(RequestContext& ctx, Reply reply);
    void external(RequestContext& ctx, Reply reply);
    void token(RequestContext& ctx, Reply reply);
    void token1(RequestContext& ctx, Reply reply); // Auth 1.0's answers
    void logout(RequestContext& ctx, Reply reply);
    std::string session_cookie(const std::string& secret, int max_age_s) const;
    bool origin_allowed(const std::string& origin) const;
    // Runs `work` on a worker (it reads the catalog or hashes a password); 503 when full.
    void offload(Reply reply, std::function<Response()> work);

    service::IiifService& iiif_;
    service::AccessService& access_;
    CpuPool& pool_;
    bool trust_proxy_;
    const config::RuntimeLimits& limits_; // the deadline of the wait for a worker
    config::AuthConfig auth_;
    // DLCS's probe address /auth/v2/probe/{customer}/{space}/{image}, tried when the path is
    // not a pictor identifier.
    dialects::iiif::DlcsSpaces dlcs_;
};

} // namespace pictor::api
