#include "cache/s3_shared_tier.h"

#include <spdlog/spdlog.h>

namespace pictor::cache {

S3SharedTier::S3SharedTier(const std::string& location, sources::S3Settings settings,
                           std::unique_ptr<sources::OriginClient> client, std::size_t queue_bytes)
    : settings_(sources::with_default_endpoint(std::move(settings))), client_(std::move(client)),
      queue_bytes_(queue_bytes) {
    std::string rest = location.substr(5); // after "s3://"
    auto slash = rest.find('/');
    bucket_ = rest.substr(0, slash);
    prefix_ = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (!prefix_.empty() && prefix_.back() != '/') prefix_ += '/';
    writer_ = std::thread([this] { write_loop(); });
}

S3SharedTier::~S3SharedTier() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    writer_.join();
}

sources::OriginRequest S3SharedTier::request_for(const std::string& key) const {
    // Two characters of fan-out, as on local disk: keeps listings of the prefix short.
    return s3_request(settings_,
                      s3_object_url(settings_, bucket_, prefix_ + key.substr(0, 2) + "/" + key));
}

std::optional<std::string> S3SharedTier::get(const std::string& key) {
    auto answer = client_->get(request_for(key));
    std::lock_guard lock(mutex_);
    if (!answer) {
        if (answer.error().code == core::ErrorCode::NotFound) {
            ++stats_.misses;
        } else {
            ++stats_.errors;
            spdlog::warn("shared cache tier: {}", answer.error().detail);
        }
        return std::nullopt;
    }
    ++stats_.hits;
    return std::move(answer->body);
}

void S3SharedTier::put(const std::string& key, std::string entry) {
    {
        std::lock_guard lock(mutex_);
        if (queued_bytes_ + entry.size() > queue_bytes_) {
            ++stats_.dropped;
            return;
        }
        queued_bytes_ += entry.size();
        queue_.push_back({key, std::move(entry)});
    }
    changed_.notify_all();
}

void S3SharedTier::write_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        Write next = std::move(queue_.front());
        queue_.pop_front();
        writing_ = true;
        lock.unlock();
        auto stored = client_->put(request_for(next.key), next.entry, "application/octet-stream");
        if (!stored) spdlog::warn("shared cache tier: {}", stored.error().message);
        lock.lock();
        writing_ = false;
        queued_bytes_ -= next.entry.size();
        ++(stored ? stats_.writes : stats_.write_errors);
        changed_.notify_all();
    }
}

void S3SharedTier::flush() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || (queue_.empty() && !writing_); });
}

std::unique_ptr<SharedTier> open_shared_tier(const config::CacheConfig& cache,
                                             const std::vector<std::string>& resolve,
                                             sources::S3Settings settings) {
    if (cache.shared.empty()) return nullptr;
    sources::OriginLimits limits;
    limits.connect_timeout_ms = cache.shared_timeout_ms;
    limits.total_timeout_ms = cache.shared_timeout_ms;
    limits.max_redirects = 0;
    limits.max_bytes = 1LL << 30; // an entry is an answer, bounded by limits.max_output_pixels
    auto everywhere = core::parse_networks({"0.0.0.0/0", "::/0"});
    auto client = std::make_unique<sources::OriginClient>(
        sources::AddressGuard(std::move(*everywhere)), limits, std::vector<std::string>{}, resolve);
    return std::make_unique<S3SharedTier>(cache.shared, std::move(settings), std::move(client),
                                          static_cast<std::size_t>(cache.shared_queue_bytes));
}

SharedTierStats S3SharedTier::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

} // namespace pictor::cache
