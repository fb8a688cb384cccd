#include "store/remote_sources.h"

#include <chrono>

#include "core/image_format.h"
#include "core/percent.h"

namespace pictor::store {

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
    stats_.seconds += took.count();
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
    return stats_;
}

HttpSource::HttpSource(std::string base, const OriginClient& client, SourceCache& cache)
    : base_(std::move(base)), fetcher_(client), cache_(cache) {}

Result<SourceFile> HttpSource::resolve(std::string_view name) const {
    OriginRequest request;
    request.url = base_ + encode_path(name);
    return cache_.get(request, [this](const OriginRequest& r) { return fetcher_.fetch(r); });
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
    if (settings_.endpoint.empty())
        settings_.endpoint = "https://s3." + settings_.region + ".amazonaws.com";
    while (!settings_.endpoint.empty() && settings_.endpoint.back() == '/')
        settings_.endpoint.pop_back();
}

std::string S3Source::object_url(std::string_view key) const {
    std::string path = encode_path(std::string(prefix_) + std::string(key));
    if (settings_.path_style) return settings_.endpoint + "/" + bucket_ + "/" + path;
    auto scheme_end = settings_.endpoint.find("://");
    return settings_.endpoint.substr(0, scheme_end + 3) + bucket_ + "." +
           settings_.endpoint.substr(scheme_end + 3) + "/" + path;
}

OriginRequest S3Source::signed_request(std::string url) const {
    OriginRequest r;
    r.url = std::move(url);
    if (!settings_.access_key.empty()) { // anonymous for public buckets
        r.aws_sigv4 = "aws:amz:" + settings_.region + ":s3";
        r.aws_credentials = settings_.access_key + ":" + settings_.secret_key;
    }
    return r;
}

Result<SourceFile> S3Source::resolve(std::string_view name) const {
    return cache_.get(signed_request(object_url(name)),
                      [this](const OriginRequest& r) { return fetcher_.fetch(r); });
}

Result<void> S3Source::reachable() const {
    return fetcher_.client().probe(signed_request(object_url("")));
}

} // namespace pictor::store
