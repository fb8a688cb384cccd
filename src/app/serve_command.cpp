#include <malloc.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/public_url.h"
#include "cache/derivative_cache.h"
#include "cache/pyramid_store.h"
#include "cache/s3_shared_tier.h"
#include "config/config_loader.h"
#include "http/admin_handler.h"
#include "http/auth_handler.h"
#include "http/console_handler.h"
#include "http/converter_handler.h"
#include "http/display_handler.h"
#include "http/dlcs_handler.h"
#include "http/file_handler.h"
#include "http/iiif_handler.h"
#include "http/imaging_handler.h"
#include "http/landing_page.h"
#include "http/manifest_handler.h"
#include "http/openapi_route.h"
#include "http/ops_handler.h"
#include "http/server.h"
#include "http/source_metrics.h"
#include "http/ui_handler.h"
#include "service/converter_service.h"
#include "service/iiif_service.h"
#include "service/image_pipeline.h"
#include "service/image_service.h"
#include "service/imaging_service.h"
#include "service/pyramid_sidecars.h"
#include "service/state_watch.h"
#include "sources/remote_mounts.h"
#include "sources/source_store.h"
#include "sources/source_writer.h"
#include "state/catalog.h"
#include "state/converter_store.h"
#include "state/open_database.h"

namespace pictor::app {

std::optional<config::Config> load_configuration(const CommonOptions& common) {
    config::ConfigSources sources;
    sources.toml_file = common.config_file;
    sources.environment = config::pictor_environment();
    for (const auto& s : common.settings) {
        auto eq = s.find('=');
        if (eq == std::string::npos) {
            std::fprintf(stderr, "pictor: --set expects KEY=VALUE, got '%s'\n", s.c_str());
            return std::nullopt;
        }
        sources.overrides.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    std::vector<std::string> warnings;
    auto config = config::load_config(sources, &warnings);
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
    return {c.engine.vips_concurrency, c.engine.jpeg_quality,    c.engine.webp_quality,
            c.engine.avif_quality,     c.engine.png_compression, c.engine.fast_shrink_on_load,
            c.engine.keep_metadata};
}

int serve(const config::Config& config, bool list_routes) {
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
    engine::Engine engine(engine_options(config));
    sources::SourceStore store(config.store.images);
    auto remote = sources::RemoteMounts::create(
        config, [](const char* n) -> const char* { return std::getenv(n); });
    if (!remote) {
        std::fprintf(stderr, "pictor: remote.sources: %s\n", remote.error().message.c_str());
        return 2;
    }
    sources::OriginRegistry origins; // filled from the catalog once it is open
    (*remote)->mount_on(store, origins);
    service::ImageService images(config.limits, store, engine);
    cache::PyramidStore pyramid_store({config.pyramid_dir(), config.pyramid.max_bytes});
    service::PyramidSidecars sidecars(config.pyramid, config.limits.max_decoded_pixels,
                                      pyramid_store, engine);
    if (config.pyramid.min_pixels > 0) images.use_pyramids(&sidecars);
    std::unique_ptr<cache::DerivativeCache> derivatives;
    if (config.cache.enabled) {
        auto opened = cache::DerivativeCache::open(
            config.cache_dir(), config.cache.max_bytes, config.cache.memory_bytes,
            cache::open_shared_tier(config, (*remote)->s3_settings()));
        if (!opened) {
            std::fprintf(stderr, "pictor: cache.dir: %s\n", opened.error().message.c_str());
            return 2;
        }
        derivatives = std::move(*opened);
    }
    service::RenditionService renditions(images, derivatives.get(), config.cache.coalesce);
    std::error_code ec;
    std::filesystem::create_directories(config.store.data, ec);
    auto database = state::open_database(config.catalog_url(), config.catalog.pool_size,
                                         config.catalog.statement_timeout_ms);
    if (!database) {
        std::fprintf(stderr, "pictor: catalog: %s\n", database.error().message.c_str());
        return 2;
    }
    auto catalog = state::Catalog::on(*database);
    auto load_origins = [&] {
        std::unordered_map<std::string, std::string> registered;
        if (auto assets = catalog->assets())
            for (const auto& a : *assets)
                if (!a.origin.empty()) registered[a.id] = a.origin;
        origins.assign(std::move(registered));
    };
    load_origins();
    auto access = service::AccessService::create(config, *catalog);
    if (!access) {
        std::fprintf(stderr, "pictor: %s\n", access.error().message.c_str());
        return 2;
    }
    // Nodes sharing one database: what another node changed reaches this one within poll_ms.
    std::unique_ptr<service::StateWatch> watch;
    if (config.catalog.poll_ms > 0)
        watch = std::make_unique<service::StateWatch>(
            [&] { return catalog->policies_version(); },
            [&] {
                (void)(*access)->reload();
                load_origins();
            },
            std::chrono::milliseconds(config.catalog.poll_ms));
    // Every image answer, whatever the dialect, goes through this one pipeline.
    service::ImagePipeline pipeline(images, renditions, **access, config.limits);
    service::IiifService iiif(config, images, pipeline, **access);
    service::OriginalReader originals(config.expose.originals, engine);
    service::DisplayService display(config, pipeline, engine.writable_formats(), originals);
    // Signed URLs: a bad key list stops the start-up, naming the entry at fault.
    auto signatures = policy::UrlSignatures::create(config.signing.keys);
    if (!signatures) {
        std::fprintf(stderr, "pictor: %s\n", signatures.error().message.c_str());
        return 2;
    }
    http::SignedUrls signed_urls(*signatures, config.signing.required);
    bool sign_file_links = signed_urls.required_for("files");
    service::FileService files(config, pipeline, originals,
                               sign_file_links ? &*signatures : nullptr);
    // A bad actions file stops the start-up, naming the action at fault.
    auto actions = service::ImagingService::load(config.imaging.actions);
    if (!actions) {
        std::fprintf(stderr, "pictor: %s\n", actions.error().message.c_str());
        return 2;
    }
    service::ImagingService imaging(config, pipeline, engine.writable_formats(),
                                    std::move(*actions));

    // Default: three workers per core. With libvips' per-request threads a worker spends part
    // of each request waiting on hand-offs; measured on 2 cores (docs/benchmarks.md), 3x cores
    // keeps the CPUs busy (+50% tiles/s over 1x) for ~30 MB more peak RSS.
    int workers = config.limits.workers > 0
                      ? config.limits.workers
                      : 3 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // The one pool of image work: requests, and the converter's background renditions on at
    // most converter.workers of its workers.
    service::CpuPool pool(workers, config.limits.queue, config.converter.workers,
                          config.limits.upload_queue, config.limits.io_lane);
    http::Metrics metrics;
    http::Router router;
    http::ImageEndpoint endpoint(pipeline, pool, metrics, config, signed_urls);
    // Only the dialects this installation offers get routes (expose.*): the rest are 404.
    const auto& expose = config.expose;
    http::IiifHandler iiif_handler(iiif, endpoint);
    if (expose.iiif) iiif_handler.register_routes(router);
    service::ThumbsService thumbs(config, images, iiif);
    http::DlcsHandler dlcs_handler(config, iiif_handler, thumbs, endpoint);
    if (expose.dlcs) dlcs_handler.register_routes(router);
    http::AuthHandler auth_handler(iiif, pool, config);
    if (expose.iiif) auth_handler.register_routes(router);
    service::ManifestService manifests(config, images, **access);
    http::ManifestHandler manifest_handler(manifests, endpoint);
    if (expose.iiif) manifest_handler.register_routes(router);
    sources::SourceWriter writer(config.store.images);
    writer.clean_temp(); // uploads cut short by a crash
    std::unique_ptr<service::ThumbnailPrerenderer> prerenderer;
    if (config.auth.prerender_thumbnails)
        prerenderer = std::make_unique<service::ThumbnailPrerenderer>(iiif, pool);
    service::AdminService admin(config, renditions, **access, writer, prerenderer.get(), origins,
                                **remote);
    http::ConsoleSessions console_sessions(std::chrono::seconds(config.admin.console_session_s));
    http::AdminGate admin_gate(config.admin, console_sessions, config.server.trust_proxy);
    http::AdminHandler admin_handler(admin, pool, config, admin_gate, console_sessions);
    if (config.admin_enabled()) admin_handler.register_routes(router);
    http::DisplayHandler display_handler(display, endpoint);
    if (expose.display) display_handler.register_routes(router);
    http::FileHandler file_handler(files, endpoint);
    if (expose.files) file_handler.register_routes(router);
    auto previews = state::ConverterStore::on(*database, config.converter_dir());
    if (!previews) {
        std::fprintf(stderr, "pictor: converter.dir: %s\n", previews.error().message.c_str());
        return 2;
    }
    // Sets cut short by a crash; a shared database means shared folders and other nodes'
    // uploads in flight, so only old leftovers go.
    bool shared_state = config.catalog_url().starts_with("postgres");
    (*previews)->remove_orphans(shared_state ? std::chrono::minutes(10) : std::chrono::minutes(0));
    auto converter = service::ConverterService::create(config, images, pool, **previews);
    if (!converter) {
        std::fprintf(stderr, "pictor: %s\n", converter.error().message.c_str());
        return 2;
    }
    http::ConverterHandler converter_handler(**converter, pool, config, signed_urls);
    if (expose.converter) converter_handler.register_routes(router);
    http::ImagingHandler imaging_handler(imaging, endpoint);
    if (expose.imaging) imaging_handler.register_routes(router);
    http::register_health_route(router);
    // With ops.listen, /metrics and /imageconverter/status leave the main port for their own.
    http::Router ops_router;
    bool ops_apart = config.ops_endpoint().has_value();
    if (ops_apart && expose.converter) converter_handler.register_status_route(ops_router);
    auto more_metrics = [&converter_handler, &store, &remote](http::MetricFamilies& out) {
        converter_handler.metrics(out);
        http::source_metrics(out, store, (*remote)->cache_if_any());
        http::breaker_metrics(out, (*remote)->breaker_stats());
    };
    http::register_ops_routes(ops_apart ? ops_router : router, metrics, pool, config.server,
                              renditions, store, more_metrics,
                              [&catalog] { return catalog->ping(); });
    // The browser pages: the viewer, and the admin console over the admin API.
    http::UiHandler ui(http::ui_folder(config.ui.dir));
    if (expose.viewer) ui.register_routes(router, config.admin_enabled());
    http::ConsoleHandler console(
        {**access, iiif, imaging, **converter, iiif_handler, imaging_handler,
         [&metrics, &pool, &renditions, more_metrics] {
             return http::metrics_text(metrics, pool, renditions, more_metrics);
         }},
        console_sessions, admin_gate, pool, config);
    if (config.admin_enabled()) console.register_routes(router);
    auto public_base = public_base_of(config.server);
    if (!public_base) {
        std::fprintf(stderr, "pictor: %s\n", public_base.error().message.c_str());
        return 2;
    }
    http::register_landing_page(router,
                                {!ops_apart, config.admin_enabled(),
                                 expose.viewer && ui.installed(), public_base->prefix(), expose});
    // Last: the document lists only the routes registered above.
    http::register_openapi_route(router, ops_apart ? &ops_router : nullptr);

    if (list_routes) {
        for (const auto& r : router.routes())
            std::printf("%s %s %s\n", r.pattern.c_str(), r.prefix ? "prefix" : "exact",
                        r.name.c_str());
        return 0;
    }
    spdlog::info("serving images from {} with {} workers", store.root().string(), workers);
    http::Server server(config, router, metrics, pool, *public_base,
                        ops_apart ? &ops_router : nullptr);
    server.on_lifecycle(service_notifications());
    server.on_reload([&imaging] {
        if (auto r = imaging.reload(); !r)
            spdlog::error("{}; the imaging actions in use are kept", r.error().message);
        else
            spdlog::info("imaging actions reloaded: {} actions", imaging.actions()->actions.size());
    });
    return server.run();
}

} // namespace pictor::app
