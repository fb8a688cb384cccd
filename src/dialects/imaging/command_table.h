#pragma once
// The commands an imaging action may use, with each parameter's full name (object syntax),
// simplified prefix, whether it is a switch, and the order of the short (array) syntax.
#include <optional>
#include <string_view>
#include <vector>

namespace pictor::dialects::imaging {

struct ParamSpec {
    std::string_view name;   // full syntax: "width"
    std::string_view prefix; // simplified syntax: "w"
    bool is_switch = false;  // "fixed", "+fixed", "-fixed"
    bool positional = false; // takes the next value of the short (array) syntax
};

struct CommandSpec {
    std::string_view name;
    std::vector<ParamSpec> params; // canonical order; positional ones in short-syntax order
    bool shortcut = false;         // may be written without `c_` in simplified syntax
};

const std::vector<CommandSpec>& command_table();
const CommandSpec* find_command(std::string_view name);
const ParamSpec* find_param(const CommandSpec& command, std::string_view name);
const ParamSpec* find_prefix(const CommandSpec& command, std::string_view prefix);

} // namespace pictor::dialects::imaging
