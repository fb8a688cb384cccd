#pragma once
// An uploaded image, written beside its destination but not yet in place, checked before it
// replaces anything (admin sources and converter keys alike): a readable header (422 when
// damaged, 415 when not an image pictor reads), within the pixel limit (413), and every pixel
// decodable (422), so a reader never meets a damaged source that an upload put there.
#include <cstdint>
#include <filesystem>

#include "core/result.h"
#include "engine/engine.h"

namespace pictor::service {

core::Result<engine::SourceInfo> check_upload(const engine::Engine& engine,
                                              const std::filesystem::path& written,
                                              std::int64_t max_pixels);

} // namespace pictor::service
