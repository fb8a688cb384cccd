#pragma once
// The shared derivative tier in an S3-compatible bucket: GET on a local miss (in the worker
// thread, under the tier's own short timeouts, so a slow bucket costs a render, never a hang),
// PUT after a render from one background thread, so an answer never waits for the bucket.
// Queued writes are bounded in bytes; past the bound a write is dropped and counted. Old
// entries are left to the bucket's lifecycle rule (docs/deployment.md): keys carry the source
// version and the engine signature, so an entry is never stale, only unused.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "cache/shared_tier.h"
#include "config/config.h"
#include "sources/origin_client.h"
#include "sources/remote_sources.h"

namespace pictor::cache {

class S3SharedTier : public SharedTier {
  public:
    // `location` is "s3://bucket/prefix/"; `client` reaches the bucket's endpoint.
    S3SharedTier(const std::string& location, sources::S3Settings settings,
                 std::unique_ptr<sources::OriginClient> client, std::size_t queue_bytes);
    ~S3SharedTier() override; // stops the writer; writes still queued are dropped

    std::optional<std::string> get(const std::string& key) override;
    void put(const std::string& key, std::string entry) override;
    void flush() override;
    SharedTierStats stats() const override;
    std::string describe() const override { return "s3://" + bucket_ + "/" + prefix_; }

  private:
    struct Write {
        std::string key, entry;
    };
    sources::OriginRequest request_for(const std::string& key) const;
    void write_loop();

    std::string bucket_, prefix_;
    sources::S3Settings settings_;
    std::unique_ptr<sources::OriginClient> client_;
    std::size_t queue_bytes_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Write> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false, stopping_ = false;
    SharedTierStats stats_;
    std::thread writer_;
};

// The tier `cache.shared` names, nothing when it is empty. Its endpoint is the operator's own
// configuration and every object name a hex digest, so its client may reach internal
// addresses (a MinIO on the private network) that remote sources may not; it follows no
// redirect. `resolve`: remote.resolve, libcurl's "host:port:address" overrides.
std::unique_ptr<SharedTier> open_shared_tier(const config::CacheConfig& cache,
                                             const std::vector<std::string>& resolve,
                                             sources::S3Settings settings);

} // namespace pictor::cache
