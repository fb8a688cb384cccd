#pragma once
// The converter's request formats (docs/converter.md, Open-Xchange ImageConverter):
// FORMAT:WxH[~SCALE][~norotate][~expand][@Q], parsed as ImageConverter parses it (loosely where
// it is loose), with the output geometry each one gives a source and the "best match" among
// stored renditions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"
#include "core/result.h"

namespace pictor::dialects::converter {

enum class TargetType { Auto, Jpeg, Png, Webp };
// Ranked as in ImageConverter's distance: contain=1, containforcedimension=2, cover=4,
// coverandcrop=5.
enum class ScaleType { Contain, ContainForceDimension, Cover, CoverAndCrop };

struct RequestFormat {
    TargetType type = TargetType::Auto;
    int width = -1, height = -1; // -1 = unconstrained
    ScaleType scale = ScaleType::Contain;
    bool rotate = true;  // EXIF auto-rotation, off with ~norotate
    bool expand = false; // enlargement allowed, on with ~expand
    int quality = 75;

    // "auto:200x150~contain@75", "png:800x-1~cover~norotate~expand@90"
    std::string canonical() const;
    bool operator==(const RequestFormat&) const = default;
};

// As OX's ImageFormat.parseImageFormat reads it (docs/converter.md): trimmed and lower-cased;
// a bare type ("jpg", "auto": the source's size) or a bare box ("200x150": jpg); unknown type =
// jpg; sizes <= 0 or missing = -1; a single number = width; '-' as scale separator; loose scale
// keywords ("cov…" for cover); the quality clamped into 1..100 (unreadable: 75); unknown flags
// passed over and a repeated one's last value kept. 400 only for a size that is not a number or
// is over the maximum.
core::Result<RequestFormat> parse_request_format(std::string_view text);
// A comma- or semicolon-separated list (the configured target set); any bad item is an error.
core::Result<std::vector<RequestFormat>> parse_request_formats(std::string_view text);

// What a format makes of a source (already rotated when `rotate`): the size the image is
// resized to, and the canvas it is placed on (centred; larger = padding, smaller = crop).
struct TargetGeometry {
    core::Size resized;
    core::Size canvas;
};
TargetGeometry target_geometry(const RequestFormat& format, core::Size source);

// The index of the stored format that best matches `wanted` for this source: closest output
// area, then same type, then nearest scale type, then the same flags (then the nearest box and
// quality, so an exact format wins ties). Nothing if `stored` is empty.
std::optional<std::size_t> best_match(const RequestFormat& wanted,
                                      const std::vector<RequestFormat>& stored, core::Size source);

} // namespace pictor::dialects::converter
