#pragma once
// The neutral operations every dialect compiles to. Each one knows its output size from its
// input size (output_size.h), so limits and policy run before any pixel is decoded.
#include <string>
#include <variant>

#include "core/color.h"
#include "core/geometry.h"
#include "core/gravity.h"

namespace pictor::plan {

struct Crop {
    core::Rect rect; // in the coordinates of the step's input
    bool operator==(const Crop&) const = default;
};

struct Resize {
    core::Size size; // exact output size; the aspect ratio may change
    bool operator==(const Resize&) const = default;
};

struct Mirror { // left <-> right
    bool operator==(const Mirror&) const = default;
};

struct Rotate {
    double degrees = 0; // clockwise, 0 < degrees < 360; non-right angles grow the canvas
    core::Rgba background{0, 0, 0, 0}; // the corners a non-right angle uncovers
    bool operator==(const Rotate&) const = default;
};

enum class Tone { Gray, Bitonal };

struct ToneMap {
    Tone tone = Tone::Gray;
    bool operator==(const ToneMap&) const = default;
};

// Centres the image on a canvas of `size`: cropped where it is larger, padded where it is
// smaller (transparent when the image has alpha, else white).
struct Canvas {
    core::Size size;
    bool operator==(const Canvas&) const = default;
};

// Gaussian blur and unsharp-mask sharpening, by sigma in pixels of the step's input.
struct Blur {
    double sigma = 1;
    bool operator==(const Blur&) const = default;
};

struct Sharpen {
    double sigma = 1;
    bool operator==(const Sharpen&) const = default;
};

// Text drawn with libvips' (Pango's) text rendering, placed by gravity and offsets.
enum Decoration { kUnderline = 1, kOverline = 2, kStrikeThrough = 4 };
struct Text {
    std::string text; // UTF-8; newlines start new lines
    std::string font; // a Pango font description without size: "DejaVu Sans Bold Italic"
    double points = 12;
    int dpi = 0; // 0: the image's own vertical resolution
    core::Rgba color{0, 0, 0, 255};
    core::Gravity gravity = core::Gravity::Center;
    int x = 0, y = 0;
    int decorations = 0; // Decoration bits
    bool operator==(const Text&) const = default;
};

// Another source image laid over this one. The service fills in the overlay's file and content
// hash; the hash is part of the canonical plan, so a changed overlay is a new derivative.
struct Watermark {
    std::string overlay;      // identifier in the image store
    std::string overlay_hash; // SHA-256 of its bytes (set by the service)
    std::string overlay_path; // its file (set by the service; not part of the canonical form)
    core::Gravity gravity = core::Gravity::Center;
    int x = 0, y = 0;
    double opacity = 1; // 0..1
    double scale = 0;   // the overlay's width as a fraction of the image's; 0 = its own size
    bool tile = false;  // repeated over the whole image
    bool operator==(const Watermark&) const = default;
};

// ImageMagick's -shade: the image's brightness as a height field lit from a light source.
struct Shade {
    double azimuth = 0, elevation = 0; // degrees
    bool operator==(const Shade&) const = default;
};

// Each channel blended towards a colour by its own fraction (ImageMagick's -colorize).
struct Colorize {
    core::Rgba color;
    double red = 0, green = 0, blue = 0; // 0..1
    bool operator==(const Colorize&) const = default;
};

// One of the named fill patterns (plan/fill_patterns.h), tiled over the image: its set pixels
// are painted in `color`.
struct Fill {
    std::string pattern; // canonical (upper case) name
    core::Rgba color{0, 0, 0, 255};
    bool operator==(const Fill&) const = default;
};

using Operation = std::variant<Crop, Resize, Mirror, Rotate, ToneMap, Canvas, Blur, Sharpen, Text,
                               Watermark, Shade, Colorize, Fill>;

} // namespace pictor::plan
