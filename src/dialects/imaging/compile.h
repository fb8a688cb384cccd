#pragma once
// Compiles an imaging command set into a Plan against the source's size, tracking the image's
// size from command to command (without pixels), so policy and limits can check the result.
#include <functional>
#include <optional>
#include <string>

#include "core/image_format.h"
#include "dialects/imaging/command_set.h"
#include "plan/plan.h"

namespace pictor::dialects::imaging {

struct Compiled {
    plan::Plan plan;
    core::Size output;
};

// Finds a preset's command set by name; nothing if there is none.
using PresetLookup = std::function<std::optional<CommandSet>(const std::string& name)>;

// Geometry, format and filter commands (crop, resize, rescale, rotate, format, grayscale, flip,
// flop, blur, sharpen, strip, preset) compile; the drawing commands (text, watermark, shade,
// colorize, fill) are reported as not implemented yet. Bad values are 400.
core::Result<Compiled> compile(const CommandSet& commands, const std::string& source,
                               core::Size image, core::ImageFormat source_format,
                               const PresetLookup& presets = {});

} // namespace pictor::dialects::imaging
