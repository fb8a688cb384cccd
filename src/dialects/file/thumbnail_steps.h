#pragma once
// MediaWiki's public thumbnail variants (SPEC §3.3, T425181): every configured step strictly
// narrower than the original, each a step x step bounding box, with `responsive_urls` for
// 1.5x and 2x snapped up to the steps.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/image_format.h"

namespace pictor::dialects::file {

struct ThumbnailVariant {
    int step = 0;                          // the step the file is named after ("120px-…")
    core::Size size;                       // fitted into step x step, aspect kept
    std::map<std::string, int> responsive; // "1.5" / "2" -> step
};

// `steps` sorted ascending and unique.
std::vector<ThumbnailVariant> thumbnail_variants(core::Size original,
                                                 const std::vector<int>& steps);

// step x step box, nearest-pixel rounding, at least 1 px: 600x400 at 20 -> 20x13.
core::Size fit_in_step(core::Size original, int step);

// The smallest step >= width that is still narrower than the original; nothing if none.
std::optional<int> step_at_least(int width, int original_width, const std::vector<int>& steps);

// Thumbnails keep JPEG, PNG, GIF and WebP sources' format; anything else becomes JPEG.
core::ImageFormat thumbnail_format(core::ImageFormat source);

// "{step}px-{name}" with `name` the identifier's last segment, plus ".jpg" when the format
// changes ("pyramid.tif" -> "120px-pyramid.tif.jpg"), as MediaWiki names them.
std::string thumbnail_file_name(const std::string& identifier, int step, core::ImageFormat source);

} // namespace pictor::dialects::file
