#include "dialects/imaging/actions.h"

#include <algorithm>
#include <functional>
#include <set>

namespace pictor::dialects::imaging {

using core::Error;
using core::Result;
using json = nlohmann::ordered_json;

namespace {

Result<CommandSet> command_set(const json& value) {
    if (value.is_string()) return parse_simplified(value.get<std::string>());
    return parse_json(value);
}

std::vector<std::string> preset_references(const CommandSet& set) {
    std::vector<std::string> out;
    for (const auto& c : set)
        if (c.name == "preset")
            for (const auto& [k, v] : c.params)
                if (k == "name") out.push_back(v);
    return out;
}

// Values are checked by compiling against a stand-in image.
Result<void> check_values(const CommandSet& set, const PresetLookup& presets) {
    // A large one, so values that only fit big images (a crop at x 3000) are not refused.
    auto compiled = compile(set, "check", {10000, 10000}, core::ImageFormat::Jpeg, presets);
    if (!compiled) return compiled.error();
    return {};
}

} // namespace

PresetLookup ActionSet::preset_lookup() const {
    return [this](const std::string& name) -> std::optional<CommandSet> {
        auto it = presets.find(name);
        if (it == presets.end()) return std::nullopt;
        return it->second;
    };
}

CommandSet ActionSet::expanded(const Action& action) const {
    CommandSet out;
    auto overridden = [&](const Command& c) {
        return std::any_of(action.commands.begin(), action.commands.end(),
                           [&](const Command& own) { return own.name == c.name; });
    };
    // The preset first, then the action's own commands on top: where both set the same thing
    // (a command of the same name), the action's wins and the preset's is left out.
    if (auto preset = presets.find(action.preset); preset != presets.end())
        for (const auto& c : preset->second)
            if (!overridden(c)) out.push_back(c);
    out.insert(out.end(), action.commands.begin(), action.commands.end());
    return out;
}

namespace {

// Keys of a Wedia action that pictor accepts for compatibility without acting on them:
// objectname/prop (which object and property hold the file: pictor addresses files by id),
// strip (pictor always strips metadata, engine.keep_metadata aside), rscname (attachment
// naming), exposeAsPreset and presetSuffix (Wedia's preset publishing).
bool wedia_only_key(const std::string& key, const json& value) {
    if (key == "objectname" || key == "prop" || key == "presetSuffix") return value.is_string();
    if (key == "strip" || key == "exposeAsPreset") return value.is_boolean();
    if (key == "rscname") return value.is_object() || value.is_string();
    return false;
}

} // namespace

Result<ActionSet> parse_actions(const json& document) {
    if (!document.is_object()) return Error::bad_request("the actions file must be a JSON object");
    for (const auto& [key, value] : document.items())
        if (key != "presets" && key != "actions")
            return Error::bad_request("unknown top-level key '" + key + "'");
    ActionSet set;
    if (document.contains("presets")) {
        if (!document["presets"].is_object())
            return Error::bad_request("\"presets\" must be an object");
        for (const auto& [name, value] : document["presets"].items()) {
            auto commands = command_set(value);
            if (!commands)
                return Error::bad_request("preset '" + name + "': " + commands.error().message);
            set.presets[name] = std::move(*commands);
        }
    }
    // Every referenced preset exists, and no preset reaches itself.
    for (const auto& [name, commands] : set.presets)
        for (const auto& ref : preset_references(commands))
            if (!set.presets.contains(ref))
                return Error::bad_request("preset '" + name + "': unknown preset '" + ref + "'");
    std::set<std::string> done;
    std::function<Result<void>(const std::string&, std::vector<std::string>&)> visit =
        [&](const std::string& name, std::vector<std::string>& path) -> Result<void> {
        if (std::find(path.begin(), path.end(), name) != path.end()) {
            std::string cycle;
            for (const auto& p : path)
                cycle += p + " -> ";
            return Error::bad_request("preset cycle: " + cycle + name);
        }
        if (done.contains(name)) return {};
        path.push_back(name);
        for (const auto& ref : preset_references(set.presets[name]))
            if (auto r = visit(ref, path); !r) return r;
        path.pop_back();
        done.insert(name);
        return {};
    };
    for (const auto& [name, commands] : set.presets) {
        std::vector<std::string> path;
        if (auto r = visit(name, path); !r) return r.error();
    }
    auto lookup = set.preset_lookup();
    for (const auto& [name, commands] : set.presets)
        if (auto r = check_values(commands, lookup); !r)
            return Error::bad_request("preset '" + name + "': " + r.error().message);

    if (!document.contains("actions") || !document["actions"].is_object())
        return Error::bad_request("\"actions\" must be an object of named actions");
    for (const auto& item : document["actions"].items()) {
        // Named, not a structured binding: lambdas may not capture those before C++20 in
        // every compiler (clang 14, used by make fuzz).
        const std::string& name = item.key();
        const auto& value = item.value();
        auto fail = [&](const std::string& why) {
            return Error::bad_request("action '" + name + "': " + why);
        };
        if (!value.is_object()) return fail("must be an object");
        Action a;
        a.name = name;
        for (const auto& [key, v] : value.items()) {
            if (key == "description" && v.is_string())
                a.description = v.get<std::string>();
            else if (key == "preset" && v.is_string())
                a.preset = v.get<std::string>();
            else if (key == "transform" && v.is_boolean())
                a.transform = v.get<bool>();
            else if (key == "transforms" && v.is_array()) {
                for (const auto& t : v) {
                    if (!t.is_string()) return fail("transforms must be strings");
                    auto parsed = parse_simplified(t.get<std::string>());
                    if (!parsed)
                        return fail("transform '" + t.get<std::string>() +
                                    "': " + parsed.error().message);
                    a.named_transforms.push_back(to_simplified(*parsed));
                }
            } else if (key == "roles" && v.is_array()) {
                for (const auto& r : v) {
                    if (!r.is_string()) return fail("roles must be strings");
                    a.roles.push_back(r.get<std::string>());
                }
            } else if (key == "commands" || key == "command") {
                auto commands = command_set(v);
                if (!commands) return fail(commands.error().message);
                a.commands = std::move(*commands);
                a.configured = v;
            } else if (wedia_only_key(key, v)) {
                // Wedia's own keys: an existing configuration loads as it is.
            } else {
                return fail("unknown or mistyped key '" + key + "'");
            }
        }
        if (!a.preset.empty() && !set.presets.contains(a.preset))
            return fail("unknown preset '" + a.preset + "'");
        if (a.commands.empty() && a.preset.empty()) return fail("has neither commands nor preset");
        for (const auto& ref : preset_references(a.commands))
            if (!set.presets.contains(ref)) return fail("unknown preset '" + ref + "'");
        if (auto r = check_values(set.expanded(a), lookup); !r) return fail(r.error().message);
        set.actions[name] = std::move(a);
    }
    return set;
}

} // namespace pictor::dialects::imaging
