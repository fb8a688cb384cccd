#include "dialects/imaging/command_set.h"

#include <algorithm>
#include <cstdio>

#include "dialects/imaging/command_builder.h"

namespace pictor::dialects::imaging {

std::optional<std::string> param_of(const Command& command, std::string_view name) {
    for (const auto& [k, v] : command.params)
        if (k == name) return v;
    return std::nullopt;
}

bool switch_on(const Command& command, std::string_view name) {
    return param_of(command, name) == "true";
}

core::Error command_error(const Command& command, const std::string& why) {
    return core::Error::bad_request("command '" + command.name + "': " + why);
}

using core::Error;
using core::Result;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Error malformed(std::string message) { return Error::bad_request(std::move(message)); }

Result<std::string> switch_value(std::string_view v) {
    if (v == "true") return std::string("true");
    if (v == "false") return std::string("false");
    return malformed("a switch takes true or false, not '" + std::string(v) + "'");
}

} // namespace

// Checks names and switch values, rejects repeats, and puts the parameters in table order.
Result<Command> make_command(const CommandSpec& spec, const Params& given) {
    Command c{std::string(spec.name), {}};
    for (const auto& [name, value] : given) {
        const ParamSpec* p = find_param(spec, name);
        if (!p) return malformed("command '" + c.name + "' has no parameter '" + name + "'");
        if (value.size() > kMaxValueLength)
            return malformed("the value of '" + name + "' is too long");
        for (const auto& [seen, unused] : c.params)
            if (seen == name) return malformed("parameter '" + name + "' given twice");
        std::string v = value;
        if (p->is_switch) {
            auto s = switch_value(value);
            if (!s) return s.error();
            v = *s;
        }
        c.params.emplace_back(name, std::move(v));
    }
    std::sort(c.params.begin(), c.params.end(), [&](const auto& a, const auto& b) {
        return find_param(spec, a.first) < find_param(spec, b.first);
    });
    return c;
}

namespace {

// Written without quotes when that parses back the same: no comma, quote, backslash, space or
// control character.
bool plain(std::string_view v) {
    if (v.empty()) return false;
    for (unsigned char ch : v)
        if (ch <= 0x20 || ch == 0x7f || ch == ',' || ch == '"' || ch == '\\') return false;
    return true;
}

std::string quote_value(std::string_view v) {
    std::string out = "\"";
    for (unsigned char ch : v) {
        if (ch == '"')
            out += "\"\"";
        else if (ch == '\\')
            out += "\\\\";
        else if (ch == '\n')
            out += "\\n";
        else if (ch < 0x20 || ch == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else
            out.push_back(static_cast<char>(ch));
    }
    return out + "\"";
}

} // namespace

std::string to_simplified(const CommandSet& commands) {
    std::string out;
    auto add = [&](const std::string& token) { out += (out.empty() ? "" : ",") + token; };
    for (const auto& c : commands) {
        const CommandSpec* spec = find_command(c.name);
        for (const auto& [name, value] : c.params) {
            const ParamSpec* p = spec ? find_param(*spec, name) : nullptr;
            if (p && p->is_switch)
                add((value == "true" ? "+" : "-") + name);
            else
                add(std::string(p ? p->prefix : name) + "_" +
                    (plain(value) ? value : quote_value(value)));
        }
        add("c_" + c.name);
    }
    return out;
}

} // namespace pictor::dialects::imaging
