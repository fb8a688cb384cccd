#pragma once
// Imaging-action command sets (docs/imaging.md) in their neutral form: an ordered list of
// commands, each with named parameters as text. The object, array and simplified syntaxes all
// parse to this, and it prints back as canonical simplified syntax, so equal meanings compare
// equal whatever syntax they were written in.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pictor::dialects::imaging {

struct Command {
    std::string name;                                        // "resize"
    std::vector<std::pair<std::string, std::string>> params; // full names, table order
    bool operator==(const Command&) const = default;
};

using CommandSet = std::vector<Command>;

// A parameter's value by full name; nothing when it is not given.
std::optional<std::string> param_of(const Command& command, std::string_view name);
// A switch given as true.
bool switch_on(const Command& command, std::string_view name);
// 400 "command 'NAME': WHY".
core::Error command_error(const Command& command, const std::string& why);

inline constexpr std::size_t kMaxCommands = 256;
inline constexpr std::size_t kMaxValueLength = 4096;

// `w_100,h_100,c_resize`; a string without `c_` is one shortcut command inferred from its
// parameters. Commented commands (`c_$format`) are dropped with their parameters.
core::Result<CommandSet> parse_simplified(std::string_view text);
// The object syntax ({"resize": [100, -1]}) or the array syntax ([{"command": "crop", ...},
// ["preset", "name"], {"resize": {...}}]); `$name` keys are comments.
// Ordered JSON, since the order of an object's commands is the order they run in.
core::Result<CommandSet> parse_json(const nlohmann::ordered_json& commands);
// Canonical simplified syntax: parameters in the command table's order, switches as +name/-name,
// strings quoted when needed. `ascii`: other characters as \uXXXX escapes (for a header).
std::string to_simplified(const CommandSet& commands, bool ascii = false);
// The array syntax in full form: [{"command": "resize", "width": "100"}, ...].
nlohmann::ordered_json to_json(const CommandSet& commands);

} // namespace pictor::dialects::imaging
