#pragma once
// A source's own bytes as expose.originals says (MediaWiki's /original, the display API
// without parameters): as stored, without metadata (GPS, camera, XMP, IPTC, comments; the
// engine keeps the pixels), or not at all.
#include <string>

#include "engine/engine.h"
#include "service/image_pipeline.h"

namespace pictor::service {

class OriginalReader {
  public:
    // `mode`: "stripped", "as-stored" or "off" (config validates it).
    OriginalReader(std::string mode, const engine::Engine& engine)
        : mode_(std::move(mode)), engine_(engine) {}

    // False with expose.originals = "off": no route, no link to one, renditions instead.
    bool offered() const { return mode_ != "off"; }
    // The bytes the viewer may have (read_original's checks first). A stripped original's ETag
    // differs from the stored bytes' one: the two are different documents.
    core::Result<OriginalFile> read(const Sight& sight) const;

  private:
    std::string mode_;
    const engine::Engine& engine_;
};

} // namespace pictor::service
