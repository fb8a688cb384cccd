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
bool plain(std::string_view v, bool ascii) {
    if (v.empty()) return false;
    for (unsigned char ch : v)
        if (ch <= 0x20 || ch == 0x7f || ch == ',' || ch == '"' || ch == '\\' ||
            (ascii && ch >= 0x80))
            return false;
    return true;
}

void append_escape(std::string& out, unsigned unit) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u%04x", unit);
    out += buf;
}

// The code point of the UTF-8 sequence at v[i] (i moved past it); a stray byte stands for
// itself.
unsigned next_code_point(std::string_view v, std::size_t& i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(v[k]); };
    unsigned lead = b(i);
    int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (extra == 0 || i + extra >= v.size()) {
        ++i;
        return lead;
    }
    unsigned cp = lead & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) {
            ++i;
            return lead;
        }
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    i += extra + 1;
    return cp;
}

std::string quote_value(std::string_view v, bool ascii) {
    std::string out = "\"";
    for (std::size_t i = 0; i < v.size();) {
        unsigned char ch = static_cast<unsigned char>(v[i]);
        if (ascii && ch >= 0x80) {
            unsigned cp = next_code_point(v, i);
            if (cp >= 0x10000) { // a surrogate pair
                append_escape(out, 0xD800 + ((cp - 0x10000) >> 10));
                append_escape(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                append_escape(out, cp);
            }
            continue;
        }
        ++i;
        if (ch == '"')
            out += "\"\"";
        else if (ch == '\\')
            out += "\\\\";
        else if (ch == '\n')
            out += "\\n";
        else if (ch < 0x20 || ch == 0x7f)
            append_escape(out, ch);
        else
            out.push_back(static_cast<char>(ch));
    }
    return out + "\"";
}

} // namespace

std::string to_simplified(const CommandSet& commands, bool ascii) {
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
                    (plain(value, ascii) ? value : quote_value(value, ascii)));
        }
        add("c_" + c.name);
    }
    return out;
}

nlohmann::ordered_json to_json(const CommandSet& commands) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& c : commands) {
        nlohmann::ordered_json one = {{"command", c.name}};
        for (const auto& [name, value] : c.params) {
            if (value == "true" || value == "false")
                one[name] = value == "true";
            else
                one[name] = value;
        }
        out.push_back(std::move(one));
    }
    return out;
}

} // namespace pictor::dialects::imaging
