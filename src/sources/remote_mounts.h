#pragma once
// The remote sources a configuration names (remote.sources), built once at start-up and
// mounted on the SourceStore: one guarded OriginClient and one SourceCache shared by all.
#include <memory>

#include "config/config.h"
#include "core/result.h"
#include "sources/origin_client.h"
#include "sources/origin_registry.h"
#include "sources/remote_sources.h"
#include "sources/source_cache.h"
#include "sources/source_store.h"

namespace pictor::sources {

class RemoteMounts {
  public:
    // `environment` reads AWS_* variables.
    static core::Result<std::unique_ptr<RemoteMounts>>
    create(const config::RemoteConfig& remote, const config::S3Config& s3,
           const std::string& cache_dir, const char* (*environment)(const char*));

    // Mounts every remote source on `store`, and the registered origins of `registry`; this
    // object must outlive it.
    void mount_on(SourceStore& store, const OriginRegistry& registry) const;
    // 400 unless `origin` is one pictor would fetch (admin API).
    core::Result<void> check_origin(const std::string& origin) const;
    // The source cache, when there are remote sources.
    const SourceCache* cache_if_any() const { return cache_.get(); }
    // The origin hosts' circuit breakers (sources/circuit_breaker.h).
    BreakerStats breaker_stats() const { return client_->breaker_stats(); }
    // [s3] with credentials and endpoint from AWS_* variables when the file has none.
    S3Settings s3_settings() const;

  private:
    RemoteMounts() = default;

    std::vector<std::pair<std::string, std::string>> mounts_;
    config::S3Config s3_;
    std::unique_ptr<OriginClient> client_;
    std::unique_ptr<SourceCache> cache_;
};

} // namespace pictor::sources
