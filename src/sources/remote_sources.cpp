#include "sources/remote_sources.h"

#include <chrono>

#include "core/image_format.h"
#include "core/percent.h"

namespace pictor::sources {

using core::Error;
using core::Result;

std::string encode_path(std::string_view name) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        auto slash = name.find('/', start);
        out += core::percent_encode(name.substr(start, slash - start));
        if (slash == std::string_view::npos) break;
        out += '/';
        start = slash + 1;
    }
    return out;
}

Result<OriginAnswer> OriginFetcher::fetch(const OriginRequest& request) const {
    auto start = std::chrono::steady_clock::now();
    auto answer = client_.get(request);
    // An HTML error page with status 200 is the origin's fault: 422, and never cached.
    if (answer && answer->status == 200 && !core::sniff_image_format(answer->body))
        answer = Error{core::ErrorCode::SourceCorrupt,
                       "the image's origin sent something that is not an image",
                       request.url + ": content type '" + answer->content_type + "'"};
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::lock_guard lock(mutex_);
    ++stats_.requests;
    latency_.observe(took.count());
    if (!answer)
        ++stats_.errors;
    else if (answer->status == 304)
        ++stats_.not_modified;
    else
        stats_.bytes += answer->body.size();
    return answer;
}

FetchStats OriginFetcher::stats() const {
    std::lock_guard lock(mutex_);
    FetchStats s = stats_;
    s.latency = latency_.snapshot();
    return s;
}

namespace {

// "s3://bucket/key" -> {bucket, key}; nothing when either is missing.
std::optional<std::pair<std::string, std::string>> split_s3(std::string_view origin) {
    if (!origin.starts_with("s3://")) return std::nullopt;
    origin.remove_prefix(5);
    auto slash = origin.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == origin.size())
        return std::nullopt;
    return std::pair{std::string(origin.substr(0, slash)), std::string(origin.substr(slash + 1))};
}

} // namespace

HttpSource::HttpSource(std::string base, const OriginClient& client, SourceCache& cache)
    : base_(std::move(base)), fetcher_(client), cache_(cache) {}

Result<SourceFile> HttpSource::resolve(std::string_view name) const {
    OriginRequest request;
    request.url = base_ + encode_path(name);
    return cache_.get(request, [this](const OriginRequest& r) { return fetcher_.fetch(r); });
}

std::optional<SourceFile> HttpSource::resolve_cached(std::string_view name) const {
    return cache_.peek(base_ + encode_path(name));
}

Result<void> HttpSource::reachable() const {
    OriginRequest request;
    request.url = base_;
    return fetcher_.client().probe(request);
}

S3Source::S3Source(const std::string& location, S3Settings settings, const OriginClient& client,
                   SourceCache& cache)
    : settings_(std::move(settings)), fetcher_(client), cache_(cache) {
    std::string rest = location.substr(5); // after "s3://"
    auto slash = rest.find('/');
    bucket_ = rest.substr(0, slash);
    prefix_ = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (!prefix_.empty() && prefix_.back() != '/') prefix_ += '/';
    settings_ = with_default_endpoint(std::move(settings_));
}

S3Settings with_default_endpoint(S3Settings s) {
    if (s.endpoint.empty()) s.endpoint = "https://s3." + s.region + ".amazonaws.com";
    while (!s.endpoint.empty() && s.endpoint.back() == '/')
        s.endpoint.pop_back();
    return s;
}

std::string s3_object_url(const S3Settings& settings, const std::string& bucket,
                          std::string_view key) {
    std::string path = encode_path(key);
    if (settings.path_style) return settings.endpoint + "/" + bucket + "/" + path;
    auto scheme_end = settings.endpoint.find("://");
    return settings.endpoint.substr(0, scheme_end + 3) + bucket + "." +
           settings.endpoint.substr(scheme_end + 3) + "/" + path;
}

OriginRequest s3_request(const S3Settings& settings, std::string url) {
    OriginRequest r;
    r.url = std::move(url);
    if (!settings.access_key.empty()) { // anonymous for public buckets
        r.aws_sigv4 = "aws:amz:" + settings.region + ":s3";
        r.aws_credentials = settings.access_key + ":" + settings.secret_key;
    }
    return r;
}

std::string S3Source::object_url(std::string_view key) const {
    return s3_object_url(settings_, bucket_, prefix_ + std::string(key));
}

OriginRequest S3Source::signed_request(std::string url) const {
    return s3_request(settings_, std::move(url));
}

OriginSource::OriginSource(S3Settings settings, const OriginClient& client, SourceCache& cache)
    : settings_(with_default_endpoint(std::move(settings))), fetcher_(client), cache_(cache) {}

Result<void> OriginSource::check(const std::string& origin) const {
    if (origin.starts_with("s3://")) {
        auto parts = split_s3(origin);
        if (!parts || parts->first.find_first_of(" \\%?#") != std::string::npos)
            return Error::bad_request("an S3 origin is s3://bucket/key");
        return {};
    }
    auto host = OriginClient::checked_host(origin);
    if (!host) return host.error();
    if (!fetcher_.client().host_allowed(*host))
        return Error::bad_request("the origin's host is not in remote.allowed_hosts");
    return {};
}

OriginRequest OriginSource::request_for(std::string_view origin) const {
    if (auto parts = split_s3(origin))
        return s3_request(settings_, s3_object_url(settings_, parts->first, parts->second));
    OriginRequest request;
    request.url = std::string(origin);
    return request;
}

Result<SourceFile> OriginSource::resolve(std::string_view origin) const {
    return cache_.get(request_for(origin),
                      [this](const OriginRequest& r) { return fetcher_.fetch(r); });
}

std::optional<SourceFile> OriginSource::resolve_cached(std::string_view origin) const {
    return cache_.peek(request_for(origin).url);
}

Result<SourceFile> S3Source::resolve(std::string_view name) const {
    return cache_.get(signed_request(object_url(name)),
                      [this](const OriginRequest& r) { return fetcher_.fetch(r); });
}

std::optional<SourceFile> S3Source::resolve_cached(std::string_view name) const {
    return cache_.peek(object_url(name));
}

Result<void> S3Source::reachable() const {
    return fetcher_.client().probe(signed_request(object_url("")));
}

} // namespace pictor::sources
