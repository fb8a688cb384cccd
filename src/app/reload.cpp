#include "app/reload.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "config/config_fields.h"
#include "config/config_loader.h"

namespace pictor::app {

const std::vector<std::string>& Reloader::applied_keys() {
    static const std::vector<std::string> keys = {
        "log.level", "limits.deadline_ms", "limits.max_decoded_pixels", "limits.max_output_pixels"};
    return keys;
}

Reloader::Reloader(CommonOptions sources, config::Config in_force, Foundation& f,
                   service::ImagingService& actions)
    : sources_(std::move(sources)), in_force_(std::move(in_force)), f_(f), actions_(actions) {}

void Reloader::operator()() {
    auto next = load_settings(sources_);
    if (next) {
        if (auto valid = next->validate_for_serving(); !valid) next = valid.error();
    }
    if (!next) {
        spdlog::error("configuration not reloaded: {}; the settings in use are kept",
                      next.error().message);
        return;
    }
    std::vector<std::string> applied, restart;
    for (const auto& field : config::config_fields()) {
        std::string now = field.get(in_force_), wanted = field.get(*next);
        if (now == wanted) continue;
        const auto& keys = applied_keys();
        if (std::find(keys.begin(), keys.end(), field.name) == keys.end()) {
            restart.push_back(field.name);
            continue;
        }
        (void)field.set(in_force_, wanted); // the value loaded and validated already
        applied.push_back(field.name);
    }
    spdlog::default_logger()->set_level(spdlog::level::from_str(in_force_.log.level));
    f_.limits->apply(in_force_.limits);

    bool actions_reloaded = true;
    if (auto r = actions_.reload(); !r) {
        actions_reloaded = false;
        spdlog::error("{}; the imaging actions in use are kept", r.error().message);
    }
    if (auto r = f_.access->reload(); !r)
        spdlog::error("access policies not reloaded: {}; the ones in use are kept",
                      r.error().message);
    f_.load_origins();
    // Answers the old limits or actions shaped must not be kept by their validators.
    f_.endpoint->configuration_changed();

    std::string changed;
    for (const auto& key : applied)
        changed += (changed.empty() ? "" : ", ") + key;
    spdlog::info("configuration reloaded: {}; imaging actions {}; access policies re-read",
                 changed.empty() ? "no setting changed" : "applied " + changed,
                 actions_reloaded
                     ? "reloaded: " + std::to_string(actions_.actions()->actions.size()) +
                           " actions"
                     : "kept");
    // Names only: a value may be a password or a key.
    for (const auto& key : restart)
        spdlog::warn("configuration key '{}' changed and needs a restart: the value in use is "
                     "kept until then",
                     key);
}

} // namespace pictor::app
