#pragma once
// MediaWiki's public thumbnail variants (docs/files.md, T425181): every configured step strictly
// narrower than the original, each a step x step bounding box, with `responsive_urls` for the
// 1.5x and 2x boxes (themselves servable thumbnails). A thumbnail is named after its real width
// ("13px-portrait.jpg" for the 20 px step of a 600x900 portrait), as MediaWiki names them, so
// the width in a name picks exactly one variant.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/image_format.h"

namespace pictor::dialects::file {

struct ThumbnailVariant {
    int step = 0;                                 // the step whose box it fits
    core::Size size;                              // fitted into step x step, aspect kept
    std::map<std::string, core::Size> responsive; // "1.5" / "2" -> the 1.5x / 2x box's size
};

// `steps` sorted ascending and unique. A step whose thumbnail would be as wide as the previous
// one's (a very narrow portrait) is left out, so no two variants share a name.
std::vector<ThumbnailVariant> thumbnail_variants(core::Size original,
                                                 const std::vector<int>& steps);

// step x step box, nearest-pixel rounding, at least 1 px: 600x400 at 20 -> 20x13.
core::Size fit_in_step(core::Size original, int step);

// The narrowest variant at least `width` wide; nullptr if none.
const ThumbnailVariant* variant_at_least(const std::vector<ThumbnailVariant>& variants, int width);
// The variant exactly `width` wide (the "{W}px-" of its name); nullptr if none.
const ThumbnailVariant* variant_of_width(const std::vector<ThumbnailVariant>& variants, int width);
// The size of the thumbnail `width` wide, a variant's or a responsive one's; nothing if none.
std::optional<core::Size> thumbnail_of_width(const std::vector<ThumbnailVariant>& variants,
                                             int width);
// Every width a thumbnail of these variants has, ascending.
std::vector<int> thumbnail_widths(const std::vector<ThumbnailVariant>& variants);

// Thumbnails keep JPEG, PNG, GIF and WebP sources' format; anything else becomes JPEG.
core::ImageFormat thumbnail_format(core::ImageFormat source);

// "{width}px-{name}" with `name` the identifier's last segment, plus ".jpg" when the format
// changes ("pyramid.tif" -> "120px-pyramid.tif.jpg"), as MediaWiki names them.
std::string thumbnail_file_name(const std::string& identifier, int width, core::ImageFormat source);

} // namespace pictor::dialects::file
