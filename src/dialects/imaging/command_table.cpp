#include "dialects/imaging/command_table.h"

namespace pictor::dialects::imaging {

namespace {

ParamSpec value(std::string_view name, std::string_view prefix, bool positional = true) {
    return {name, prefix, false, positional};
}
ParamSpec named(std::string_view name, std::string_view prefix) {
    return {name, prefix, false, false};
}
ParamSpec flag(std::string_view name) { return {name, name, true, false}; }

std::vector<CommandSpec> build() {
    return {
        // Short syntax of crop takes margins like CSS: ["fixed", "10%"] is top 10 %.
        {"crop",
         {value("top", "t"), value("right", "r"), value("bottom", "b"), value("left", "l"),
          named("x", "x"), named("y", "y"), named("width", "w"), named("height", "h"),
          named("gravity", "g"), flag("fixed")},
         true},
        {"resize",
         {value("width", "w"), value("height", "h"), value("mode", "m"), flag("upscale")},
         true},
        {"rescale", {value("factor", "f")}, true},
        {"rotate",
         {value("angle", "a"), value("x", "x"), value("y", "y"), value("background", "bg"),
          flag("crop")},
         true},
        {"format", {value("extension", "e"), value("quality", "q"), value("density", "d")}, true},
        {"watermark",
         {value("overlay", "o"), value("gravity", "g"), value("x", "x"), value("y", "y"),
          value("opacity", "op"), value("scale", "s"), flag("tile")},
         true},
        {"text",
         {value("text", "tx"), value("font", "f"), value("size", "sz"), value("color", "co"),
          value("gravity", "g"), value("x", "x"), value("y", "y"), named("style", "st"),
          named("decoration", "dc"), flag("tiad")},
         false},
        {"shade", {value("shade", "sh")}, false},
        {"colorize", {value("color", "co"), value("percent", "p")}, false},
        {"fill", {value("pattern", "pt"), value("color", "co")}, false},
        {"preset", {value("name", "n")}, false},
        {"grayscale", {}, false},
        {"flip", {}, false},
        {"flop", {}, false},
        {"blur", {value("sigma", "s")}, false},
        {"sharpen", {value("sigma", "s")}, false},
        {"strip", {}, false},
    };
}

} // namespace

const std::vector<CommandSpec>& command_table() {
    static const std::vector<CommandSpec> table = build();
    return table;
}

const CommandSpec* find_command(std::string_view name) {
    for (const auto& c : command_table())
        if (c.name == name) return &c;
    return nullptr;
}

const ParamSpec* find_param(const CommandSpec& command, std::string_view name) {
    for (const auto& p : command.params)
        if (p.name == name) return &p;
    return nullptr;
}

const ParamSpec* find_prefix(const CommandSpec& command, std::string_view prefix) {
    for (const auto& p : command.params)
        if (p.prefix == prefix) return &p;
    return nullptr;
}

} // namespace pictor::dialects::imaging
