#pragma once
// What every way in shares, built once from the configuration in dependency order: the engine,
// the sources (local tree and remote mounts), the caches, the state database and the access
// policy, the one image pipeline, the CPU pool and the image endpoint. This is the one place the
// whole Config is taken apart; the install_* functions (app/install.h) put each way in on top of
// it with their own sections. Members are destroyed in reverse order: the endpoint and the pool
// (joining its workers) before what their work uses.
#include <memory>

#include "cache/derivative_cache.h"
#include "cache/pyramid_store.h"
#include "config/config.h"
#include "config/runtime_limits.h"
#include "core/result.h"
#include "engine/engine.h"
#include "http/image_endpoint.h"
#include "http/metrics.h"
#include "http/signed_urls.h"
#include "policy/url_signature.h"
#include "service/access_service.h"
#include "service/cpu_pool.h"
#include "service/image_pipeline.h"
#include "service/original_reader.h"
#include "service/pyramid_sidecars.h"
#include "service/rendition_service.h"
#include "service/source_service.h"
#include "service/state_watch.h"
#include "sources/origin_registry.h"
#include "sources/remote_mounts.h"
#include "sources/source_store.h"
#include "state/catalog.h"
#include "state/sql.h"

namespace pictor::app {

struct Foundation {
    // First, so it outlives every part that reads it: the limits SIGHUP may change.
    std::unique_ptr<config::RuntimeLimits> limits;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<sources::SourceStore> store;
    std::unique_ptr<sources::RemoteMounts> remote;
    sources::OriginRegistry origins; // filled from the catalog once it is open
    std::unique_ptr<service::SourceService> images;
    std::unique_ptr<cache::PyramidStore> pyramid_store;
    std::unique_ptr<service::PyramidSidecars> sidecars;
    std::unique_ptr<cache::DerivativeCache> derivatives; // null when cache.enabled is false
    std::unique_ptr<service::RenditionService> renditions;
    std::shared_ptr<state::DatabasePool> database;
    std::unique_ptr<state::Catalog> catalog;
    std::unique_ptr<service::AccessService> access;
    std::unique_ptr<service::StateWatch> watch; // nodes sharing one database (catalog.poll_ms)
    std::unique_ptr<service::ImagePipeline> pipeline;
    std::unique_ptr<service::OriginalReader> originals;
    std::unique_ptr<policy::UrlSignatures> signatures;
    std::unique_ptr<http::SignedUrls> signed_urls;
    std::unique_ptr<service::CpuPool> pool;
    int workers = 0;
    std::unique_ptr<http::Metrics> metrics;
    std::unique_ptr<http::ImageEndpoint> endpoint;

    // The assets' registered origins, read again from the catalog.
    void load_origins();
};

// The message of a failure names the setting at fault ("remote.sources: …", "catalog: …").
core::Result<std::unique_ptr<Foundation>> lay_foundation(const config::Config& config);

} // namespace pictor::app
