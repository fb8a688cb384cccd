#pragma once
// Compiles the drawing commands (text, watermark, shade, colorize, fill) to plan operations,
// checking every value and bounding the work text rendering may take.
#include "core/geometry.h"
#include "core/result.h"
#include "dialects/imaging/command_set.h"
#include "plan/operation.h"

namespace pictor::dialects::imaging {

inline constexpr const char* kDefaultFont = "DejaVu Sans";

// `image` is the size the command applies to (relative sizes and offsets are taken of it).
core::Result<plan::Operation> drawing_operation(const Command& command, core::Size image);

} // namespace pictor::dialects::imaging
