#include "sources/remote_mounts.h"

namespace pictor::sources {

using core::Result;

core::Result<std::unique_ptr<RemoteMounts>>
RemoteMounts::create(const config::RemoteConfig& remote, const config::S3Config& s3,
                     const std::string& cache_dir, const char* (*environment)(const char*)) {
    std::unique_ptr<RemoteMounts> m(new RemoteMounts());
    m->mounts_ = remote.mounts();
    auto networks = core::parse_networks(remote.allowed_networks);
    if (!networks) return networks.error();
    OriginLimits limits;
    limits.connect_timeout_ms = remote.connect_timeout_ms;
    limits.total_timeout_ms = remote.timeout_ms;
    limits.max_bytes = remote.max_bytes;
    limits.max_redirects = remote.max_redirects;
    limits.per_origin = remote.per_origin;
    limits.breaker = {remote.breaker_failures, std::chrono::seconds(remote.breaker_window_s),
                      std::chrono::seconds(remote.breaker_cooldown_s)};
    m->client_ = std::make_unique<OriginClient>(AddressGuard(std::move(*networks)), limits,
                                                remote.allowed_hosts, remote.resolve);
    SourceCacheOptions cache;
    cache.dir = cache_dir;
    cache.max_bytes = remote.cache_bytes;
    cache.revalidate_s = remote.revalidate_s;
    cache.negative_ttl_s = remote.negative_ttl_s;
    cache.ranged_min_bytes = remote.ranged_min_bytes;
    cache.ranged_reads.block_bytes = static_cast<std::size_t>(remote.ranged_block_bytes);
    m->cache_ = std::make_unique<SourceCache>(std::move(cache));
    m->s3_ = s3;
    auto from_env = [&](std::string& value, const char* name) {
        if (value.empty())
            if (const char* v = environment(name)) value = v;
    };
    from_env(m->s3_.access_key, "AWS_ACCESS_KEY_ID");
    from_env(m->s3_.secret_key, "AWS_SECRET_ACCESS_KEY");
    if (m->s3_.endpoint.empty())
        if (const char* v = environment("AWS_ENDPOINT_URL")) m->s3_.endpoint = v;
    return m;
}

S3Settings RemoteMounts::s3_settings() const {
    return {s3_.endpoint, s3_.region, s3_.path_style, s3_.access_key, s3_.secret_key};
}

Result<void> RemoteMounts::check_origin(const std::string& origin) const {
    return OriginSource(s3_settings(), *client_, *cache_).check(origin);
}

void RemoteMounts::mount_on(SourceStore& store, const OriginRegistry& registry) const {
    store.use_origins(registry, std::make_unique<OriginSource>(s3_settings(), *client_, *cache_));
    for (const auto& [prefix, url] : mounts_) {
        if (url.starts_with("s3://")) {
            store.mount(prefix, std::make_unique<S3Source>(url, s3_settings(), *client_, *cache_));
        } else {
            std::string base = url.back() == '/' ? url : url + "/";
            store.mount(prefix, std::make_unique<HttpSource>(base, *client_, *cache_));
        }
    }
}

} // namespace pictor::sources
