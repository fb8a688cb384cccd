#pragma once
// Placing a box inside another by compass point, as the imaging commands (crop, text,
// watermark) and the engine's drawing steps both do.
#include "core/geometry.h"

namespace pictor::core {

enum class Gravity { NorthWest, North, NorthEast, West, Center, East, SouthWest, South, SouthEast };

// Where a box of `inner` size goes inside `outer`. Offsets move it away from the edge the
// gravity names (ImageMagick's convention): +dx moves a north-east box left, a north-west box
// right; for the middle column or row they move right or down.
Rect place(Gravity gravity, Size outer, Size inner, int dx = 0, int dy = 0);

} // namespace pictor::core
