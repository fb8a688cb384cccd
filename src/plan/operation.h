#pragma once
// The neutral operations every dialect compiles to. Each one knows its output size from its
// input size (output_size.h), so limits and policy run before any pixel is decoded.
#include <variant>

#include "core/geometry.h"

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

using Operation = std::variant<Crop, Resize, Mirror, Rotate, ToneMap, Canvas, Blur, Sharpen>;

} // namespace pictor::plan
