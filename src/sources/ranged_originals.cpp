#include "sources/ranged_originals.h"

#include "core/image_format.h"
#include "core/text.h"

namespace pictor::sources {

bool RangedOriginals::candidate(const std::string& url) const {
    if (options_.min_bytes <= 0) return false;
    std::string path = url.substr(0, url.find_first_of("?#"));
    std::string last = core::to_lower(path.substr(path.rfind('/') + 1));
    auto dot = last.rfind('.');
    if (dot == std::string::npos) return true; // DLCS-style origins often have no extension
    std::string ext = last.substr(dot + 1);
    return ext == "tif" || ext == "tiff" || ext == "ptif" || ext == "ptiff" || ext == "btf";
}

OriginRequest RangedOriginals::probe_request(const OriginRequest& request) const {
    OriginRequest probe = request;
    probe.if_none_match.clear();
    probe.if_modified_since.clear();
    probe.range = "0-" + std::to_string(options_.reads.block_bytes - 1);
    return probe;
}

SourceFile RangedOriginals::file_of(const Entry& e) {
    SourceFile f;
    f.ranged = e.object;
    f.bytes = static_cast<std::uintmax_t>(e.object->size());
    f.mtime_ns = e.opened_ns;
    f.origin_version = "etag:" + e.object->etag();
    return f;
}

std::optional<SourceFile> RangedOriginals::fresh(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(key);
    if (it == open_.end() || it->second.object->changed() ||
        std::chrono::steady_clock::now() - it->second.checked >=
            std::chrono::seconds(options_.revalidate_s))
        return std::nullopt;
    it->second.last_used = ++clock_;
    return file_of(it->second);
}

std::optional<SourceFile> RangedOriginals::stale(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(key);
    if (it == open_.end() || it->second.object->changed()) return std::nullopt;
    return file_of(it->second);
}

std::optional<SourceFile> RangedOriginals::open(const std::string& key,
                                                const OriginRequest& request,
                                                const OriginAnswer& first,
                                                RangedObject::Fetch fetch) {
    bool worth_it = first.status == 206 && !first.etag.empty() &&
                    first.total_bytes >= static_cast<std::uint64_t>(options_.min_bytes) &&
                    core::sniff_image_format(first.body) == core::ImageFormat::Tiff;
    std::lock_guard lock(mutex_);
    auto it = open_.find(key);
    if (!worth_it) {
        if (it != open_.end()) open_.erase(it);
        return std::nullopt;
    }
    auto now = std::chrono::steady_clock::now();
    if (it != open_.end() && !it->second.object->changed() &&
        it->second.object->etag() == first.etag && it->second.object->size() == first.total_bytes) {
        it->second.checked = now; // unchanged: its blocks stay valid
        it->second.last_used = ++clock_;
        return file_of(it->second);
    }
    Entry e;
    e.object = std::make_shared<RangedObject>(request, first, std::move(fetch), options_.reads);
    e.checked = now;
    e.opened_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    e.last_used = ++clock_;
    open_[key] = e;
    while (open_.size() > options_.max_objects) {
        auto oldest = open_.begin();
        for (auto i = open_.begin(); i != open_.end(); ++i)
            if (i->second.last_used < oldest->second.last_used) oldest = i;
        open_.erase(oldest); // renders that hold it keep it alive until they finish
    }
    return file_of(e);
}

void RangedOriginals::forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    open_.erase(key);
}

} // namespace pictor::sources
