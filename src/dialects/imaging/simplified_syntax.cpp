// The simplified syntax: comma-separated `prefix_value` parameters, switches (`name`, `+name`,
// `-name`), each command closed by `c_NAME`; quoted values with "" and backslash escapes.
#include <optional>

#include "core/hex.h"

#include "dialects/imaging/command_builder.h"

namespace pictor::dialects::imaging {

using core::Error;
using core::Result;

namespace {

Error malformed(std::string message) { return Error::bad_request(std::move(message)); }

struct Token {
    std::string prefix; // empty for a switch
    std::string value;  // for a switch: its name
    bool on = true;     // switch state
};

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Four hexadecimal digits after "\\u", from `i` (moved past them).
Result<unsigned> code_unit(std::string_view text, std::size_t& i) {
    if (i + 4 > text.size()) return malformed("\\u needs four hexadecimal digits");
    unsigned cp = 0;
    for (int k = 0; k < 4; ++k) {
        int d = core::hex_value(text[i++]);
        if (d < 0) return malformed("\\u needs four hexadecimal digits");
        cp = cp * 16 + static_cast<unsigned>(d);
    }
    return cp;
}

// A quoted value starting at text[i] == '"'; advances i past the closing quote.
Result<std::string> read_quoted(std::string_view text, std::size_t& i) {
    std::string out;
    ++i;
    while (true) {
        if (i >= text.size()) return malformed("unterminated quoted value");
        char ch = text[i++];
        if (ch == '"') {
            if (i < text.size() && text[i] == '"') {
                out.push_back('"');
                ++i;
                continue;
            }
            return out;
        }
        if (ch != '\\') {
            out.push_back(ch);
            continue;
        }
        if (i >= text.size()) return malformed("unterminated escape in a quoted value");
        char e = text[i++];
        switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case '\\': out.push_back('\\'); break;
        case '"': out.push_back('"'); break;
        case 'u': {
            auto cp = code_unit(text, i);
            if (!cp) return cp.error();
            // A surrogate pair (\\ud83d\\ude00) stands for one code point above U+FFFF.
            if (*cp >= 0xd800 && *cp < 0xdc00 && text.substr(i, 2) == "\\u") {
                std::size_t j = i + 2;
                auto low = code_unit(text, j);
                if (low && *low >= 0xdc00 && *low < 0xe000) {
                    *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
                    i = j;
                }
            }
            append_utf8(out, *cp);
            break;
        }
        default: return malformed(std::string("unknown escape \\") + e);
        }
    }
}

Result<std::vector<Token>> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && text[i] != ',' && text[i] != '_' && text[i] != '"')
            ++i;
        std::string_view head = text.substr(start, i - start);
        for (char ch : head)
            if (std::isspace(static_cast<unsigned char>(ch)))
                return malformed("spaces are only allowed inside quoted values");
        Token t;
        if (i < text.size() && text[i] == '_') {
            if (head.empty()) return malformed("a parameter without a prefix");
            t.prefix = std::string(head);
            ++i;
            if (i < text.size() && text[i] == '"') {
                auto v = read_quoted(text, i);
                if (!v) return v.error();
                t.value = std::move(*v);
            } else {
                std::size_t vs = i;
                while (i < text.size() && text[i] != ',') {
                    if (text[i] == '"' || std::isspace(static_cast<unsigned char>(text[i])))
                        return malformed("quote or space in an unquoted value of '" + t.prefix +
                                         "'");
                    ++i;
                }
                t.value = std::string(text.substr(vs, i - vs));
            }
        } else if (i < text.size() && text[i] == '"') {
            return malformed("a quoted value needs a prefix, like tx_\"...\"");
        } else {
            if (head.empty()) return malformed("an empty parameter");
            std::string_view name = head;
            if (name.front() == '+' || name.front() == '-') {
                t.on = name.front() == '+';
                name.remove_prefix(1);
            }
            if (name.empty()) return malformed("a switch without a name");
            t.value = std::string(name);
        }
        tokens.push_back(std::move(t));
        if (tokens.size() > kMaxCommands * 16) return malformed("too many parameters");
        if (i < text.size()) {
            if (text[i] != ',') return malformed("expected ',' after a parameter");
            ++i;
            if (i == text.size()) return malformed("a trailing ','");
        }
    }
    return tokens;
}

// The parameters collected for a command, resolved against its table.
Result<Command> resolve(const CommandSpec& spec, const std::vector<Token>& tokens) {
    std::vector<std::pair<std::string, std::string>> given;
    for (const auto& t : tokens) {
        if (t.prefix.empty()) {
            const ParamSpec* p = find_param(spec, t.value);
            if (!p || !p->is_switch)
                return malformed("command '" + std::string(spec.name) + "' has no switch '" +
                                 t.value + "'");
            given.emplace_back(t.value, t.on ? "true" : "false");
        } else {
            const ParamSpec* p = find_prefix(spec, t.prefix);
            if (!p || p->is_switch)
                return malformed("unknown prefix '" + t.prefix + "_' for command '" +
                                 std::string(spec.name) + "'");
            given.emplace_back(std::string(p->name), t.value);
        }
    }
    return make_command(spec, given);
}

// A string without `c_`: the one shortcut command that has every parameter given.
Result<Command> shortcut(const std::vector<Token>& tokens) {
    // Preference when several fit (w_ and h_ belong to both resize and crop).
    for (std::string_view name : {"resize", "crop", "rotate", "format", "rescale", "watermark"}) {
        const CommandSpec* spec = find_command(name);
        if (auto c = resolve(*spec, tokens)) return c;
    }
    return malformed("these parameters fit no command; end the list with c_COMMAND");
}

} // namespace

Result<CommandSet> parse_simplified(std::string_view text) {
    if (text.empty()) return malformed("an empty command set");
    if (text.size() > 64 * 1024) return malformed("the command set is too long");
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    CommandSet out;
    std::vector<Token> pending;
    bool saw_command = false;
    for (auto& t : *tokens) {
        if (t.prefix != "c") {
            pending.push_back(std::move(t));
            continue;
        }
        saw_command = true;
        if (t.value.empty()) return malformed("c_ without a command name");
        if (t.value.front() == '$') { // commented out, with its parameters
            pending.clear();
            continue;
        }
        const CommandSpec* spec = find_command(t.value);
        if (!spec) return malformed("unknown command '" + t.value + "'");
        auto c = resolve(*spec, pending);
        if (!c) return c.error();
        out.push_back(std::move(*c));
        if (out.size() > kMaxCommands)
            return malformed("more than " + std::to_string(kMaxCommands) + " commands");
        pending.clear();
    }
    if (!pending.empty()) {
        if (saw_command) return malformed("parameters after the last c_COMMAND");
        auto c = shortcut(pending);
        if (!c) return c.error();
        out.push_back(std::move(*c));
    }
    return out;
}

} // namespace pictor::dialects::imaging
