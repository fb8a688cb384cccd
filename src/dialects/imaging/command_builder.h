#pragma once
// Shared by the syntax parsers: one command from its table entry and named parameter values,
// checked (known names, switch values, no repeats) and put in the table's order.
#include <string>
#include <utility>
#include <vector>

#include "dialects/imaging/command_set.h"
#include "dialects/imaging/command_table.h"

namespace pictor::dialects::imaging {

core::Result<Command> make_command(const CommandSpec& spec,
                                   const std::vector<std::pair<std::string, std::string>>& given);

} // namespace pictor::dialects::imaging
