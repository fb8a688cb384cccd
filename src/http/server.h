#pragma once
// Runs the HTTP server until SIGTERM/SIGINT, then shuts down gracefully: stop accepting, close
// idle connections, let in-flight requests finish (up to the grace period), then return.
// SIGHUP runs the reload callbacks (configuration files that can change without a restart).
#include "http/public_base.h"
#include <functional>
#include <vector>

#include "config/config.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/router.h"

namespace pictor::http {

// What the service manager is told (systemd's sd_notify: app/service_notify.cpp). Each may be
// empty; all run on the network thread.
struct LifecycleHooks {
    std::function<void(unsigned short port)> listening; // accepting connections
    std::function<void()> reloading, reloaded;          // around the SIGHUP reloads
    std::function<void()> stopping;                     // SIGTERM/SIGINT: draining
};

class Server {
  public:
    // `ops_router` (may be null): the operator pages' routes, served on `ops.listen`.
    // `public_base`: where absolute URLs start (and which hosts are answered).
    Server(const config::ServerConfig& server, const config::LogConfig& log, const Router& router,
           Metrics& metrics, CpuPool& pool, const PublicBase& public_base,
           const Router* ops_router = nullptr);
    // Called on SIGHUP, on the network thread, in the order added.
    void on_reload(std::function<void()> callback) { reloads_.push_back(std::move(callback)); }
    void on_lifecycle(LifecycleHooks hooks) { hooks_ = std::move(hooks); }
    // Blocks; returns the process exit code.
    int run();

  private:
    const config::ServerConfig& server_;
    const config::LogConfig& log_;
    const Router& router_;
    const Router* ops_router_;
    const PublicBase& public_base_;
    Metrics& metrics_;
    CpuPool& pool_;
    std::vector<std::function<void()>> reloads_;
    LifecycleHooks hooks_;
};

} // namespace pictor::http
