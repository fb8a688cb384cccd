#pragma once
// The two remote kinds of Source: an HTTP(S) origin under a base URL, and an S3-compatible
// bucket (AWS S3, MinIO, Ceph RGW …; path-style or virtual-hosted addressing; requests signed
// by libcurl's SigV4). Both fetch through the guarded OriginClient into the SourceCache.
#include <memory>
#include <mutex>
#include <string>

#include "sources/origin_client.h"
#include "sources/source.h"
#include "sources/source_cache.h"

namespace pictor::sources {

// "a b/c.jpg" -> "a%20b/c.jpg": each segment encoded, the slashes kept.
std::string encode_path(std::string_view name);

struct S3Settings {
    std::string endpoint; // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"
    std::string region = "us-east-1";
    bool path_style = false;
    std::string access_key, secret_key;
};

// Sends a source's origin requests through the client and counts them: the one path from a
// remote source to the network.
class OriginFetcher {
  public:
    explicit OriginFetcher(const OriginClient& client) : client_(client) {}
    // What arrives must start like an image: an HTML page with status 200 is a 422.
    core::Result<OriginAnswer> fetch(const OriginRequest& request) const;
    FetchStats stats() const;
    const OriginClient& client() const { return client_; }

  private:
    const OriginClient& client_;
    mutable std::mutex mutex_;
    mutable FetchStats stats_;
    mutable core::LatencyHistogram latency_; // fetch() is const; the histogram is atomic
};

class HttpSource : public Source {
  public:
    // `base` ends in '/': "https://images.example.org/originals/".
    HttpSource(std::string base, const OriginClient& client, SourceCache& cache);

    core::Result<SourceFile> resolve(std::string_view name) const override;
    std::optional<SourceFile> resolve_cached(std::string_view name) const override;
    core::Result<void> reachable() const override;
    std::string describe() const override { return "http " + base_; }
    std::optional<FetchStats> fetch_stats() const override { return fetcher_.stats(); }

  private:
    std::string base_;
    OriginFetcher fetcher_;
    SourceCache& cache_;
};

// The settings with AWS's endpoint for the region when none is configured, no trailing '/'.
S3Settings with_default_endpoint(S3Settings settings);
// An object's URL under the settings' addressing style (path-style or virtual-hosted).
std::string s3_object_url(const S3Settings& settings, const std::string& bucket,
                          std::string_view key);
// A signed GET request for an S3 URL (anonymous without an access key).
OriginRequest s3_request(const S3Settings& settings, std::string url);

// Registered origins (OriginRegistry): `name` is the whole origin, an http(s):// URL or
// s3://bucket/key.
class OriginSource : public Source {
  public:
    OriginSource(S3Settings settings, const OriginClient& client, SourceCache& cache);

    core::Result<SourceFile> resolve(std::string_view origin) const override;
    std::optional<SourceFile> resolve_cached(std::string_view origin) const override;
    core::Result<void> reachable() const override { return {}; }
    std::string describe() const override { return "origin registered assets"; }
    std::optional<FetchStats> fetch_stats() const override { return fetcher_.stats(); }
    // 400 unless `origin` is an http(s) URL pictor fetches or s3://bucket/key.
    core::Result<void> check(const std::string& origin) const;

  private:
    // The request an origin is fetched with (signed for s3://).
    OriginRequest request_for(std::string_view origin) const;

    S3Settings settings_;
    OriginFetcher fetcher_;
    SourceCache& cache_;
};

class S3Source : public Source {
  public:
    // `location` is "s3://bucket/key-prefix/".
    S3Source(const std::string& location, S3Settings settings, const OriginClient& client,
             SourceCache& cache);

    core::Result<SourceFile> resolve(std::string_view name) const override;
    std::optional<SourceFile> resolve_cached(std::string_view name) const override;
    core::Result<void> reachable() const override;
    std::string describe() const override { return "s3 " + bucket_ + "/" + prefix_; }
    std::optional<FetchStats> fetch_stats() const override { return fetcher_.stats(); }

    // The object's URL under the addressing style.
    std::string object_url(std::string_view key) const;

  private:
    OriginRequest signed_request(std::string url) const;

    std::string bucket_, prefix_;
    S3Settings settings_;
    OriginFetcher fetcher_;
    SourceCache& cache_;
};

} // namespace pictor::sources
