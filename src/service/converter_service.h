#pragma once
// The converter (docs/converter.md): clients upload a source under an image key (in a context) and
// fetch the stored rendition that best matches a request format. The requested rendition is
// rendered at once; the rest of the configured set by the background queue.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/converter/request_format.h"
#include "service/converter_queue.h"
#include "service/source_service.h"
#include "state/converter_store.h"

namespace pictor::service {

struct ConverterImage {
    std::string bytes;
    std::string mime;
    std::string format; // canonical request format of the rendition served
    core::Size size;
    nlohmann::json metadata; // of the same set: image and metadata never come from two uploads
    // Validators: the rendition's identity (key, upload generation, format) and upload time.
    std::string etag;
    std::int64_t last_modified_s = 0;
};

struct ConverterStats {
    std::uint64_t gets = 0, hits = 0, keys_processed = 0;
    std::uint64_t keys_evicted = 0; // least recently used keys removed by the context bound
    TimingSummary key_processing;   // store an upload and render its first rendition
    QueueStats queue;
};

class ConverterService {
  public:
    // Fails (naming converter.formats) when the target set does not parse.
    // Renditions are rendered through the image service's engine entry, the background ones on
    // the shared CPU pool's background lane.
    // `limits`: max_decoded_pixels bounds an upload's pixels.
    static core::Result<std::unique_ptr<ConverterService>>
    create(const config::ConverterConfig& config, const config::RuntimeLimits& limits,
           SourceService& images, CpuPool& pool, state::ConverterStore& store);

    // Stores the source (sniffed: 415; undecodable: 400; beyond the pixel limit: 413) and
    // renders `first` (or the set's first format) before it returns; the rest of the set goes
    // to the queue at `rest`. Then the context's least recently used keys (never this one) go
    // until it is within converter.context_max_bytes and _keys.
    core::Result<void> cache(const std::string& context, const std::string& key,
                             std::string_view source,
                             const std::optional<dialects::converter::RequestFormat>& first,
                             Priority rest);
    // The best-matching stored rendition (404 for an unknown key).
    core::Result<ConverterImage> image(const std::string& context, const std::string& key,
                                       const dialects::converter::RequestFormat& wanted);
    core::Result<nlohmann::json> metadata(const std::string& context, const std::string& key);
    // A key's upload (size, format, time) and its stored renditions (404 for an unknown key).
    core::Result<nlohmann::json> describe(const std::string& context, const std::string& key);
    core::Result<std::vector<std::string>> keys(const std::optional<std::string>& context);
    core::Result<std::int64_t> count(const std::optional<std::string>& context);
    core::Result<std::int64_t> clear(const std::optional<std::string>& context);
    core::Result<std::int64_t> clear_key(const std::string& key);
    core::Result<std::int64_t> total_bytes() { return store_.total_bytes(); }

    ConverterStats stats() const;

  private:
    ConverterService(const config::ConverterConfig& config, const config::RuntimeLimits& limits,
                     SourceService& images, CpuPool& pool, state::ConverterStore& store,
                     std::vector<dialects::converter::RequestFormat> set);
    core::Result<state::ConverterRendition> render(const std::filesystem::path& folder,
                                                   const engine::SourceInfo& info,
                                                   const dialects::converter::RequestFormat& f);
    // A set format not stored yet, rendered on the calling worker and added to the set; nothing
    // when the set changed meanwhile (replaced or cleared).
    core::Result<std::optional<state::ConverterRendition>>
    render_now(const state::ConverterKey& row, const dialects::converter::RequestFormat& f);
    void render_later(const state::ConverterKey& row, const engine::SourceInfo& info,
                      const dialects::converter::RequestFormat& f, Priority priority);

    SourceService& images_;
    const engine::Engine& engine_; // header probes and metadata
    state::ConverterStore& store_;
    std::vector<dialects::converter::RequestFormat> set_;
    const config::RuntimeLimits& limits_;
    std::int64_t context_max_bytes_, context_max_keys_;
    ConverterQueue queue_;
    std::atomic<std::uint64_t> gets_{0}, hits_{0}, keys_processed_{0}, keys_evicted_{0};
    mutable std::mutex timings_mutex_;
    TimingWindow key_ms_; // key processing times
};

} // namespace pictor::service
