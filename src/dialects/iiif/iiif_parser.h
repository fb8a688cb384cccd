#pragma once
// Strict parsers for the four IIIF image request parameters. Every malformed value is a
// BadRequest whose message says which parameter and why; nothing falls back to a default.
#include <string_view>

#include "core/result.h"
#include "dialects/iiif/iiif_request.h"

namespace pictor::dialects::iiif {

core::Result<RegionSpec> parse_region(std::string_view text);
core::Result<SizeSpec> parse_size(std::string_view text, Version version);
core::Result<RotationSpec> parse_rotation(std::string_view text);
// "default.jpg" -> quality + format. Formats pictor cannot write are refused later, by the
// resolver, which knows what the engine supports.
core::Result<ImageRequest> parse_quality_format(std::string_view text, ImageRequest base);

core::Result<ImageRequest> parse_image_request(std::string_view region, std::string_view size,
                                               std::string_view rotation,
                                               std::string_view quality_format, Version version);

} // namespace pictor::dialects::iiif
