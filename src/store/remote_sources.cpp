#include "store/remote_sources.h"

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

namespace {

// A source's fetch through the client, for the cache: what arrives must start like an image
// (an HTML error page with status 200 is the origin's fault: 422, and never cached).
SourceCache::Fetch fetch_with(const OriginClient& client) {
    return [&client](const OriginRequest& r) -> Result<OriginAnswer> {
        auto answer = client.get(r);
        if (answer && answer->status == 200 && !core::sniff_image_format(answer->body))
            return Error{core::ErrorCode::SourceCorrupt,
                         "the image's origin sent something that is not an image",
                         r.url + ": content type '" + answer->content_type + "'"};
        return answer;
    };
}

} // namespace

HttpSource::HttpSource(std::string base, const OriginClient& client, SourceCache& cache)
    : base_(std::move(base)), client_(client), cache_(cache) {}

Result<SourceFile> HttpSource::resolve(std::string_view name) const {
    OriginRequest request;
    request.url = base_ + encode_path(name);
    return cache_.get(request, fetch_with(client_));
}

Result<void> HttpSource::reachable() const {
    auto host = OriginClient::checked_host(base_);
    if (!host) return host.error();
    if (!client_.host_allowed(*host)) return Error::failure("host not in remote.allowed_hosts");
    return {};
}

S3Source::S3Source(const std::string& location, S3Settings settings, const OriginClient& client,
                   SourceCache& cache)
    : settings_(std::move(settings)), client_(client), cache_(cache) {
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
    return cache_.get(signed_request(object_url(name)), fetch_with(client_));
}

Result<void> S3Source::reachable() const {
    auto host = OriginClient::checked_host(object_url(""));
    if (!host) return host.error();
    if (!client_.host_allowed(*host)) return Error::failure("host not in remote.allowed_hosts");
    return {};
}

} // namespace pictor::store
