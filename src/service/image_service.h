#pragma once
// The dialect-neutral core of every image answer: identifier -> source file -> header ->
// output limits -> engine. Dialects compile their request to a Plan and call render().
#include <chrono>
#include <string_view>

#include "config/config.h"
#include "core/result.h"
#include "engine/engine.h"
#include "plan/plan.h"
#include "service/source_info_cache.h"
#include "store/source_store.h"

namespace pictor::service {

using Deadline = std::chrono::steady_clock::time_point;

struct SourceHandle {
    store::SourceFile file;
    engine::SourceInfo info;
    std::string content_hash; // SHA-256 of the source's bytes, hex
};

struct Rendition {
    engine::Encoded image;
    engine::RenderStats stats;
};

class ImageService {
  public:
    ImageService(const config::LimitsConfig& limits, const store::SourceStore& store,
                 const engine::Engine& engine);

    // Resolves the identifier inside the store, reads its header and hashes its bytes (both
    // cached by file version).
    core::Result<SourceHandle> open(std::string_view identifier);
    // As open(), but an identifier that is not found is retried without its last extension
    // ("photo.jpg.webp" -> "photo.jpg") and, failing that, as the stem of a file in the same
    // folder ("123" -> "123.jpg", when exactly one file has that stem).
    core::Result<SourceHandle> open_lenient(std::string_view identifier);
    // As open(), but only when the header and hash are already known (a stat, no reading):
    // nothing when open() would have to probe or hash the file.
    std::optional<core::Result<SourceHandle>> open_known(std::string_view identifier);
    // Checks the output limit, then renders; nothing is decoded when a limit is exceeded.
    core::Result<Rendition> render(const SourceHandle& source, const plan::Plan& plan,
                                   Deadline deadline) const;

    const engine::Engine& engine() const { return engine_; }
    const store::SourceStore& store() const { return store_; }
    const config::LimitsConfig& limits() const { return limits_; }

  private:
    config::LimitsConfig limits_;
    const store::SourceStore& store_;
    const engine::Engine& engine_;
    SourceInfoCache infos_{4096};
};

} // namespace pictor::service
