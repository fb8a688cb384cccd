#include <malloc.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/foundation.h"
#include "app/install.h"
#include "app/public_url.h"
#include "app/reload.h"
#include "config/config_loader.h"
#include "http/server.h"

namespace pictor::app {

core::Result<config::Config> load_settings(const CommonOptions& common,
                                           std::vector<std::string>* warnings) {
    config::ConfigSources sources;
    sources.toml_file = common.config_file;
    sources.environment = config::pictor_environment();
    for (const auto& s : common.settings) {
        auto eq = s.find('=');
        if (eq == std::string::npos)
            return core::Error::bad_request("--set expects KEY=VALUE, got '" + s + "'");
        sources.overrides.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    return config::load_config(sources, warnings);
}

std::optional<config::Config> load_configuration(const CommonOptions& common) {
    std::vector<std::string> warnings;
    auto config = load_settings(common, &warnings);
    if (!config) {
        std::fprintf(stderr, "pictor: %s\n", config.error().message.c_str());
        return std::nullopt;
    }
    // The command-line tools keep stdout for their results; `serve` moves its logs there.
    use_log_output(config->log, stderr);
    for (const auto& w : warnings)
        spdlog::warn("{}", w);
    return std::move(*config);
}

engine::EngineOptions engine_options(const config::Config& c) {
    engine::EngineOptions o{c.engine.vips_concurrency, c.engine.jpeg_quality,
                            c.engine.webp_quality,     c.engine.avif_quality,
                            c.engine.png_compression,  c.engine.fast_shrink_on_load,
                            c.engine.jpeg_optimize,    c.engine.keep_metadata};
    o.heavy_renders = c.limits.heavy_renders;
    return o;
}

int check_configuration(const config::Config& config) {
    if (auto r = config.validate_for_serving(); !r) {
        std::fprintf(stderr, "pictor: %s\n", r.error().message.c_str());
        return 2;
    }
    std::fprintf(stderr, "pictor: configuration OK\n");
    return 0;
}

int serve(const config::Config& config, const CommonOptions& sources, bool list_routes) {
    if (auto r = config.validate_for_serving(); !r) {
        std::fprintf(stderr, "pictor: %s\n", r.error().message.c_str());
        return 2;
    }
    // One malloc arena per core instead of glibc's eight: image workers free large pixel
    // buffers in many arenas, which then keep the pages; with fewer arenas (and the CPU pool's
    // trim when idle) RSS comes back after a burst (docs/benchmarks.md, "Memory").
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
    // Buffers of a render (decoded tiles, pixels, encoded answers: up to a few MB) come from the
    // arenas and are reused, instead of each being a fresh mmap whose pages fault in zeroed and
    // go back at free: that churn was a quarter of a pyramid tile's CPU time (512 px tiles
    // 366 -> 504 req/s). Freed memory is handed back when the CPU pool idles (cpu_pool.cpp).
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    use_log_output(config.log, stdout); // a server's logs, with its access log, on stdout
    auto laid = lay_foundation(config);
    if (!laid) {
        std::fprintf(stderr, "pictor: %s\n", laid.error().message.c_str());
        return 2;
    }
    Foundation& f = **laid;
    auto stop = [](const core::Error& e) {
        std::fprintf(stderr, "pictor: %s\n", e.message.c_str());
        return 2;
    };
    auto public_base = public_base_of(config.server);
    if (!public_base) return stop(public_base.error());
    Keep keep; // released before the foundation
    http::Router router;
    // With ops.listen, /metrics and the converter's status leave the main port for their own.
    http::Router ops_listener_router;
    http::Router* ops_router = config.ops_endpoint() ? &ops_listener_router : nullptr;
    auto imaging = install_ways_in(router, ops_router, keep, f, config, public_base->prefix());
    if (!imaging) return stop(imaging.error());

    if (list_routes) {
        for (const auto& r : router.routes())
            std::printf("%s %s %s\n", r.pattern.c_str(), r.prefix ? "prefix" : "exact",
                        r.name.c_str());
        return 0;
    }
    spdlog::info("serving images from {} with {} workers", f.store->root().string(), f.workers);
    http::Server server(config.server, config.log, router, *f.metrics, *f.pool, *public_base,
                        ops_router);
    server.on_lifecycle(service_notifications());
    server.on_reload(Reloader(sources, config, f, **imaging));
    return server.run();
}

} // namespace pictor::app
