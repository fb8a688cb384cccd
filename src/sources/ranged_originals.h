#pragma once
// The source cache's other kind of entry: remote originals read with ranged requests instead of
// being downloaded (large TIFF pyramids). A cold request whose name may be a TIFF first asks for
// the object's first block; an origin that answers 206 for a TIFF of at least `min_bytes`, with
// an ETag, is opened as a RangedObject and kept (bounded, least recently used first) until
// `revalidate_s` has passed, when the next request asks for the first block again. Anything else
// (no range support, another format, a small file) is downloaded whole as before.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "sources/ranged_object.h"
#include "sources/source_file.h"

namespace pictor::sources {

struct RangedOriginalsOptions {
    std::int64_t min_bytes = 0; // 0: never read by ranges
    RangedReadOptions reads;
    std::size_t max_objects = 64;
    int revalidate_s = 300;
};

class RangedOriginals {
  public:
    explicit RangedOriginals(RangedOriginalsOptions options) : options_(options) {}

    // Enabled, and `url`'s last segment ends in a TIFF extension (.tif, .tiff, .ptif, .btf) or
    // has none: only then is a cold request worth the first-block probe.
    bool candidate(const std::string& url) const;
    // The probe: the first block of the object `request` addresses.
    OriginRequest probe_request(const OriginRequest& request) const;
    // The open ranged original of `key` while fresh (and unchanged).
    std::optional<SourceFile> fresh(const std::string& key);
    // The open ranged original of `key` however old: served while its origin is down.
    std::optional<SourceFile> stale(const std::string& key);
    // From a 206 probe answer: the ranged original (kept open, or reopened when the ETag or size
    // moved), or nothing when it is not a large TIFF with an ETag (then it is forgotten).
    std::optional<SourceFile> open(const std::string& key, const OriginRequest& request,
                                   const OriginAnswer& first, RangedObject::Fetch fetch);
    void forget(const std::string& key);

  private:
    struct Entry {
        std::shared_ptr<RangedObject> object;
        std::chrono::steady_clock::time_point checked;
        std::int64_t opened_ns = 0; // wall clock, the answers' Last-Modified
        std::uint64_t last_used = 0;
    };
    static SourceFile file_of(const Entry& e);

    RangedOriginalsOptions options_;
    std::mutex mutex_;
    std::map<std::string, Entry> open_;
    std::uint64_t clock_ = 0;
};

} // namespace pictor::sources
