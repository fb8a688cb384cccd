// The JSON syntaxes of a command set: an object whose properties are commands (full syntax
// {"resize": {"width": 100}}, short syntax {"resize": [100, -1]}, or a bare value), or an array
// to keep order and repeat commands ({"command": "crop", ...}, ["preset", "name"], {"resize": …}).
#include "dialects/imaging/command_builder.h"

namespace pictor::dialects::imaging {

using core::Error;
using core::Result;
using json = nlohmann::ordered_json;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Error malformed(std::string message) { return Error::bad_request(std::move(message)); }

// A parameter value as text: strings as they are, numbers as JSON prints them, booleans as
// true/false, a flat array of those joined with commas (colorize's per-channel percents).
Result<std::string> text_of(const json& v, bool allow_list = true) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
    if (v.is_number()) return v.dump();
    if (v.is_array() && allow_list) {
        std::string out;
        for (const auto& item : v) {
            auto t = text_of(item, false);
            if (!t) return malformed("a list value may only hold numbers or strings");
            out += (out.empty() ? "" : ",") + *t;
        }
        return out;
    }
    return malformed("a parameter value must be a string, number, boolean or flat list");
}

// Short syntax: switch names anywhere, other values fill the positional parameters in order.
Result<Params> positional(const CommandSpec& spec, const json& items) {
    Params out;
    std::size_t next = 0;
    for (const auto& item : items) {
        if (item.is_null()) { // an empty slot: that parameter keeps its default
            while (next < spec.params.size() && !spec.params[next].positional)
                ++next;
            ++next;
            continue;
        }
        if (item.is_string()) {
            const ParamSpec* p = find_param(spec, item.get<std::string>());
            if (p && p->is_switch) {
                out.emplace_back(std::string(p->name), "true");
                continue;
            }
        }
        while (next < spec.params.size() && !spec.params[next].positional)
            ++next;
        if (next >= spec.params.size())
            return malformed("too many values for command '" + std::string(spec.name) + "'");
        auto t = text_of(item);
        if (!t) return t.error();
        out.emplace_back(std::string(spec.params[next].name), std::move(*t));
        ++next;
    }
    return out;
}

Result<Params> full(const json& object, std::string_view skip = {}) {
    Params out;
    for (const auto& [key, value] : object.items()) {
        if (key == skip) continue;
        auto t = text_of(value);
        if (!t) return t.error();
        out.emplace_back(key, std::move(*t));
    }
    return out;
}

// One command written as name: value. Nothing for a commented or switched-off command.
Result<std::optional<Command>> command(const std::string& name, const json& value) {
    if (!name.empty() && name.front() == '$') return std::optional<Command>();
    const CommandSpec* spec = find_command(name);
    if (!spec) return malformed("unknown command '" + name + "'");
    Result<Params> params = Params{};
    if (value.is_object())
        params = full(value);
    else if (value.is_array())
        params = positional(*spec, value);
    else if (value.is_boolean() && spec->params.empty()) {
        if (!value.get<bool>()) return std::optional<Command>(); // "grayscale": false
    } else if (value.is_null() && spec->params.empty()) {
    } else
        params = positional(*spec, json::array({value}));
    if (!params) return params.error();
    auto c = make_command(*spec, *params);
    if (!c) return c.error();
    return std::optional<Command>(std::move(*c));
}

Result<void> add(CommandSet& out, Result<std::optional<Command>> c) {
    if (!c) return c.error();
    if (*c) out.push_back(std::move(**c));
    if (out.size() > kMaxCommands)
        return malformed("more than " + std::to_string(kMaxCommands) + " commands");
    return {};
}

} // namespace

Result<CommandSet> parse_json(const json& commands) {
    CommandSet out;
    if (commands.is_object()) {
        for (const auto& [name, value] : commands.items())
            if (auto r = add(out, command(name, value)); !r) return r.error();
        return out;
    }
    if (!commands.is_array()) return malformed("a command set is a JSON object or array");
    for (const auto& item : commands) {
        if (item.is_object() && item.contains("command")) {
            const json& name = item["command"];
            if (!name.is_string()) return malformed("\"command\" must name a command");
            std::string n = name.get<std::string>();
            if (!n.empty() && n.front() == '$') continue;
            const CommandSpec* spec = find_command(n);
            if (!spec) return malformed("unknown command '" + n + "'");
            auto params = full(item, "command");
            if (!params) return params.error();
            auto c = make_command(*spec, *params);
            if (!c) return c.error();
            if (auto r = add(out, std::optional<Command>(std::move(*c))); !r) return r.error();
        } else if (item.is_object() && item.size() == 1) {
            if (auto r = add(out, command(item.begin().key(), item.begin().value())); !r)
                return r.error();
        } else if (item.is_array() && !item.empty() && item[0].is_string()) {
            json rest = json::array();
            for (std::size_t i = 1; i < item.size(); ++i)
                rest.push_back(item[i]);
            if (auto r = add(out, command(item[0].get<std::string>(), rest)); !r) return r.error();
        } else {
            return malformed("each item of a command array is {\"command\": …}, [\"name\", …] "
                             "or {\"name\": …}");
        }
    }
    return out;
}

} // namespace pictor::dialects::imaging
