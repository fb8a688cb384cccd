// systemd's notification protocol (Type=notify in packaging/pictor.service): the unit is
// "active" once pictor listens, not when the process starts, so dependants and
// `systemctl start` wait for a server that answers; reloads and the drain show in
// `systemctl status`. Outside systemd (no NOTIFY_SOCKET) every call is a no-op.
#include <systemd/sd-daemon.h>

#include <string>

#include "app/commands.h"

namespace pictor::app {

http::LifecycleHooks service_notifications() {
    http::LifecycleHooks hooks;
    hooks.listening = [](unsigned short port) {
        std::string status = "READY=1\nSTATUS=serving on port " + std::to_string(port);
        sd_notify(0, status.c_str());
    };
    hooks.reloading = [] { sd_notify(0, "RELOADING=1\nSTATUS=reloading"); };
    hooks.reloaded = [] { sd_notify(0, "READY=1\nSTATUS=serving"); };
    hooks.stopping = [] { sd_notify(0, "STOPPING=1\nSTATUS=finishing requests in flight"); };
    return hooks;
}

} // namespace pictor::app
