#include "app/foundation.h"

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "app/commands.h"
#include "cache/s3_shared_tier.h"
#include "state/open_database.h"

namespace pictor::app {

using core::Error;

namespace {

// A failure of the part `what` names, for serve()'s "pictor: …" line.
Error failed(const std::string& what, const Error& error) {
    return Error{error.code, what.empty() ? error.message : what + ": " + error.message};
}

} // namespace

void Foundation::load_origins() {
    std::unordered_map<std::string, std::string> registered;
    if (auto assets = catalog->assets())
        for (const auto& a : *assets)
            if (!a.origin.empty()) registered[a.id] = a.origin;
    origins.assign(std::move(registered));
}

core::Result<std::unique_ptr<Foundation>> lay_foundation(const config::Config& config) {
    auto f = std::make_unique<Foundation>();
    f->limits = std::make_unique<config::RuntimeLimits>(config.limits);
    f->engine = std::make_unique<engine::Engine>(engine_options(config));
    f->store = std::make_unique<sources::SourceStore>(config.store.images);
    auto remote =
        sources::RemoteMounts::create(config.remote, config.s3, config.source_cache_dir(),
                                      [](const char* n) -> const char* { return std::getenv(n); });
    if (!remote) return failed("remote.sources", remote.error());
    f->remote = std::move(*remote);
    f->remote->mount_on(*f->store, f->origins);
    f->images = std::make_unique<service::SourceService>(*f->limits, *f->store, *f->engine);
    f->pyramid_store = std::make_unique<cache::PyramidStore>(
        cache::PyramidStoreOptions{config.pyramid_dir(), config.pyramid.max_bytes});
    f->sidecars = std::make_unique<service::PyramidSidecars>(config.pyramid, *f->limits,
                                                             *f->pyramid_store, *f->engine);
    if (config.pyramid.min_pixels > 0) f->images->use_pyramids(f->sidecars.get());
    if (config.cache.enabled) {
        auto opened = cache::DerivativeCache::open(
            config.cache_dir(), config.cache.max_bytes, config.cache.memory_bytes,
            cache::open_shared_tier(config.cache, config.remote.resolve, f->remote->s3_settings()));
        if (!opened) return failed("cache.dir", opened.error());
        f->derivatives = std::move(*opened);
    }
    f->renditions = std::make_unique<service::RenditionService>(*f->images, f->derivatives.get(),
                                                                config.cache.coalesce);
    std::error_code ec;
    std::filesystem::create_directories(config.store.data, ec);
    auto database = state::open_database(config.catalog_url(), config.catalog.pool_size,
                                         config.catalog.statement_timeout_ms);
    if (!database) return failed("catalog", database.error());
    f->database = std::move(*database);
    f->catalog = state::Catalog::on(f->database);
    f->load_origins();
    auto access = service::AccessService::create(config.auth, config.limits.max_width, *f->catalog);
    if (!access) return failed("", access.error());
    f->access = std::move(*access);
    // Nodes sharing one database: what another node changed reaches this one within poll_ms.
    if (config.catalog.poll_ms > 0) {
        Foundation* self = f.get();
        f->watch = std::make_unique<service::StateWatch>(
            [self] { return self->catalog->policies_version(); },
            [self] {
                (void)self->access->reload();
                self->load_origins();
            },
            std::chrono::milliseconds(config.catalog.poll_ms));
    }
    // Every image answer, whatever the dialect, goes through this one pipeline.
    f->pipeline = std::make_unique<service::ImagePipeline>(*f->images, *f->renditions, *f->access,
                                                           *f->limits);
    f->originals = std::make_unique<service::OriginalReader>(config.expose.originals, *f->engine);
    // Signed URLs: a bad key list stops the start-up, naming the entry at fault.
    auto signatures = policy::UrlSignatures::create(config.signing.keys);
    if (!signatures) return failed("", signatures.error());
    f->signatures = std::make_unique<policy::UrlSignatures>(std::move(*signatures));
    f->signed_urls = std::make_unique<http::SignedUrls>(*f->signatures, config.signing.required);
    // Default: three workers per core. With libvips' per-request threads a worker spends part
    // of each request waiting on hand-offs; measured on 2 cores (docs/benchmarks.md), 3x cores
    // keeps the CPUs busy (+50% tiles/s over 1x) for ~30 MB more peak RSS.
    f->workers = config.limits.workers > 0
                     ? config.limits.workers
                     : 3 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // The one pool of image work: requests, and the converter's background renditions on at
    // most converter.workers of its workers.
    f->pool = std::make_unique<service::CpuPool>(f->workers, config.limits.queue,
                                                 config.converter.workers,
                                                 config.limits.upload_queue, config.limits.io_lane);
    f->metrics = std::make_unique<http::Metrics>();
    f->endpoint = std::make_unique<http::ImageEndpoint>(*f->pipeline, *f->pool, *f->metrics,
                                                        config.server, *f->limits, config.auth,
                                                        config.cache, *f->signed_urls);
    return f;
}

} // namespace pictor::app
