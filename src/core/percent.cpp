#include "core/percent.h"

#include "core/hex.h"

namespace pictor::core {

namespace {

Result<std::string> decode(std::string_view in, bool lenient) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            int hi = i + 2 < in.size() ? hex_value(in[i + 1]) : -1;
            int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                c = static_cast<char>(hi * 16 + lo);
                i += 2;
            } else if (!lenient) {
                return Error::bad_request("malformed percent-encoding");
            }
        }
        if (c == '\0') return Error::bad_request("NUL byte in request");
        out.push_back(c);
    }
    return out;
}

} // namespace

Result<std::string> percent_decode(std::string_view in) { return decode(in, false); }

Result<std::string> percent_decode_lenient(std::string_view in) { return decode(in, true); }

std::string percent_encode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

} // namespace pictor::core
