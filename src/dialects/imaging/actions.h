#pragma once
// The imaging actions configuration (docs/imaging.md): named presets (command sets) and named
// actions
// ({"description", "preset", "commands", "roles", "transform", "transforms"}), validated as a whole
// so a bad file is refused with a message naming the action or preset at fault.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dialects/imaging/command_set.h"
#include "dialects/imaging/compile.h"

namespace pictor::dialects::imaging {

struct Action {
    std::string name;
    std::string description;
    std::string preset; // used when the action has no commands (Wedia ignores it otherwise)
    CommandSet commands;
    nlohmann::ordered_json configured; // the command set as the file wrote it (the catalog)
    std::vector<std::string> roles;    // a caller needs one of them; empty = anyone
    bool transform = true;             // false: the trailing transform segment is refused
    // "transforms": the transforms this action names, in canonical simplified syntax; with
    // imaging.transforms = "named", only these are accepted.
    std::vector<std::string> named_transforms;
};

struct ActionSet {
    std::map<std::string, Action> actions;
    std::map<std::string, CommandSet> presets;
    PresetLookup preset_lookup() const;
    // The action's full command set: its preset's commands (those its own do not set again),
    // then its own.
    CommandSet expanded(const Action& action) const;
};

// {"presets": {name: command set}, "actions": {name: {...}}}; a command set is JSON (object or
// array syntax) or a string in simplified syntax, under "commands" or Wedia's "command". Wedia's
// other action keys (objectname, prop, strip, rscname, exposeAsPreset, presetSuffix) are
// accepted with their types checked and have no effect (docs/imaging.md). Fails on an unknown
// command, a bad value, a missing preset or a preset cycle.
core::Result<ActionSet> parse_actions(const nlohmann::ordered_json& document);

} // namespace pictor::dialects::imaging
