#pragma once
// State shared by the listener and every session: configuration, routes, metrics, the set of
// open sessions (so shutdown can close the idle ones) and the count of requests in flight.
#include "http/public_base.h"
#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "config/config.h"
#include "http/client_address.h"
#include "http/metrics.h"
#include "http/router.h"

namespace pictor::http {

class Session;

struct ServerState {
    const config::ServerConfig& config;
    const ClientAddresses& clients;
    const Router& router;
    Metrics& metrics;
    bool access_log = true;
    // Where absolute URLs start; null: no answer of this listener writes one (the operator
    // listener), so its Host is not checked.
    const PublicBase* public_base = nullptr;

    std::atomic<bool> draining{false};
    std::mutex sessions_mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

} // namespace pictor::http
