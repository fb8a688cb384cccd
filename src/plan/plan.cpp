#include "plan/plan.h"

#include <charconv>

namespace pictor::plan {
namespace {

std::string rgba(core::Rgba c) {
    return std::to_string(c.r) + "." + std::to_string(c.g) + "." + std::to_string(c.b) + "." +
           std::to_string(c.a);
}

// Free text is length-prefixed, so no character in it can be mistaken for a separator.
std::string counted(const std::string& text) { return std::to_string(text.size()) + ":" + text; }

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
    void operator()(const Rotate& r) {
        out += "|rotate:" + format_number(r.degrees);
        if (r.background != core::Rgba{0, 0, 0, 0}) out += ",bg" + rgba(r.background);
    }
    void operator()(const ToneMap& t) { out += t.tone == Tone::Gray ? "|gray" : "|bitonal"; }
    void operator()(const Blur& b) { out += "|blur:" + format_number(b.sigma); }
    void operator()(const Sharpen& s) { out += "|sharpen:" + format_number(s.sigma); }
    void operator()(const Text& t) {
        out += "|text:" + counted(t.text) + "," + counted(t.font) + "," + format_number(t.points) +
               "," + std::to_string(t.dpi) + "," + rgba(t.color) + "," +
               std::to_string(static_cast<int>(t.gravity)) + "," + std::to_string(t.x) + "," +
               std::to_string(t.y) + "," + std::to_string(t.decorations);
    }
    void operator()(const Watermark& w) {
        out += "|watermark:" + counted(w.overlay) + "@" + w.overlay_hash + "," +
               std::to_string(static_cast<int>(w.gravity)) + "," + std::to_string(w.x) + "," +
               std::to_string(w.y) + "," + format_number(w.opacity) + "," + format_number(w.scale) +
               (w.tile ? ",tile" : "");
    }
    void operator()(const Shade& s) {
        out += "|shade:" + format_number(s.azimuth) + "x" + format_number(s.elevation);
    }
    void operator()(const Colorize& c) {
        out += "|colorize:" + rgba(c.color) + "," + format_number(c.red) + "," +
               format_number(c.green) + "," + format_number(c.blue);
    }
    void operator()(const Fill& f) { out += "|fill:" + f.pattern + "," + rgba(f.color); }
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
    if (encode.dpi_x > 0)
        out += ":dpi" + std::to_string(encode.dpi_x) + "x" + std::to_string(encode.dpi_y);
    return out;
}

} // namespace pictor::plan
