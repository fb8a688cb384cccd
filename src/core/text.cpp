#include "core/text.h"

#include <cctype>

namespace pictor::core {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        auto lead = static_cast<unsigned char>(s[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned smallest = 0; // the first code point that needs this many bytes
        if (lead >= 0xC2 && lead < 0xE0)
            extra = 1, smallest = 0x80;
        else if (lead >= 0xE0 && lead < 0xF0)
            extra = 2, smallest = 0x800;
        else if (lead >= 0xF0 && lead < 0xF5)
            extra = 3, smallest = 0x10000;
        else
            return false;
        if (i + extra >= s.size()) return false;
        unsigned cp = lead & (0x3Fu >> extra);
        for (int k = 1; k <= extra; ++k) {
            auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return false;
        i += extra + 1;
    }
    return true;
}

std::optional<std::int64_t> parse_count(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

} // namespace pictor::core
