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

// How deep presets may nest inside presets.
inline constexpr int kMaxPresetDepth = 8;

// The commands with every `preset` replaced by its commands (recursively, kMaxPresetDepth deep
// at most; an unknown preset is dropped): what actually runs, for display.
CommandSet inline_presets(const CommandSet& commands, const PresetLookup& presets);

// Every command of the table compiles; presets are expanded in place (8 levels at most). Bad
// values are 400. A watermark's overlay is named, not checked: the service resolves it.
core::Result<Compiled> compile(const CommandSet& commands, const std::string& source,
                               core::Size image, core::ImageFormat source_format,
                               const PresetLookup& presets = {});

} // namespace pictor::dialects::imaging
