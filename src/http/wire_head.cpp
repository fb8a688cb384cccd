#include "http/wire_head.h"

namespace pictor::http {

void write_head(const Response& res, std::string& out) {
    out.clear();
    unsigned version = res.version();
    out.append("HTTP/");
    out.push_back(static_cast<char>('0' + version / 10));
    out.push_back('.');
    out.push_back(static_cast<char>('0' + version % 10));
    out.push_back(' ');
    // Beast keeps the code as a number; a status line always has three digits.
    unsigned code = res.result_int();
    out.push_back(static_cast<char>('0' + code / 100 % 10));
    out.push_back(static_cast<char>('0' + code / 10 % 10));
    out.push_back(static_cast<char>('0' + code % 10));
    out.push_back(' ');
    out.append(res.reason());
    out.append("\r\n");
    for (const auto& f : res.base()) {
        out.append(f.name_string());
        out.append(": ");
        out.append(f.value());
        out.append("\r\n");
    }
    out.append("\r\n");
}

} // namespace pictor::http
