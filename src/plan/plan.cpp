#include "plan/plan.h"

#include <charconv>

namespace pictor::plan {
namespace {

struct CanonicalWriter {
    std::string& out;
    void operator()(const Crop& c) {
        out += "|crop:" + std::to_string(c.rect.x) + "," + std::to_string(c.rect.y) + "," +
               std::to_string(c.rect.width) + "," + std::to_string(c.rect.height);
    }
    void operator()(const Resize& r) {
        out += "|resize:" + std::to_string(r.size.width) + "," + std::to_string(r.size.height);
    }
    void operator()(const Mirror&) { out += "|mirror"; }
    void operator()(const Rotate& r) { out += "|rotate:" + format_number(r.degrees); }
    void operator()(const ToneMap& t) { out += t.tone == Tone::Gray ? "|gray" : "|bitonal"; }
    void operator()(const Blur& b) { out += "|blur:" + format_number(b.sigma); }
    void operator()(const Sharpen& s) { out += "|sharpen:" + format_number(s.sigma); }
    void operator()(const Canvas& c) {
        out += "|canvas:" + std::to_string(c.size.width) + "," + std::to_string(c.size.height);
    }
};

} // namespace

std::string format_number(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc{} ? std::string(buf, end) : std::to_string(value);
}

std::string Plan::canonical() const {
    std::string out = source;
    CanonicalWriter writer{out};
    for (const auto& op : ops)
        std::visit(writer, op);
    out += "|";
    out += core::extension(encode.format);
    if (encode.quality > 0) out += ":q" + std::to_string(encode.quality);
    return out;
}

} // namespace pictor::plan
