#include "dialects/imaging/drawing.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "dialects/imaging/values.h"
#include "plan/fill_patterns.h"

namespace pictor::dialects::imaging {

using core::Result;
using core::Size;

namespace {

// Text rendering is bounded before any pixel is drawn: a font size in pixels, and an estimate
// of the rendered area (glyphs of the font's size, plus one image-wide band per line break).
constexpr double kMaxFontPixels = 2000;
constexpr double kMaxGlyphArea = 64e6;
constexpr double kMaxLineArea = 128e6;
constexpr int kWorstCaseDpi = 600; // tiad: the image's own resolution, capped by the engine
constexpr double kStandardDpi = 96;

Result<int> offset(const Command& c, std::string_view name, int reference) {
    auto v = param_of(c, name);
    if (!v) return 0;
    auto d = parse_dimension(*v);
    if (!d) return command_error(c, std::string(name) + ": " + d.error().message);
    return d->resolve(reference);
}

Result<Gravity> gravity(const Command& c, Gravity fallback) {
    auto v = param_of(c, "gravity");
    if (!v) return fallback;
    auto g = parse_gravity(*v);
    if (!g) return command_error(c, g.error().message);
    return *g;
}

Result<core::Rgba> colour(const Command& c, std::string_view name, core::Rgba fallback) {
    auto v = param_of(c, name);
    if (!v) return fallback;
    auto parsed = parse_color(*v);
    if (!parsed) return command_error(c, std::string(name) + ": " + parsed.error().message);
    return *parsed;
}

// The words of a list joined by "|", "+" or spaces, lower case, empty ones dropped.
std::vector<std::string> words_of(const std::string& list) {
    std::vector<std::string> out;
    std::string lower = core::to_lower(list);
    std::size_t start = 0;
    while (start <= lower.size()) {
        auto end = lower.find_first_of("|+ ", start);
        if (end == std::string::npos) end = lower.size();
        if (end > start) out.push_back(lower.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// Words of a style list ("bold|italic", "bold+italic", "bold italic") as Pango style words.
Result<std::string> font_style(const Command& c) {
    static const std::pair<const char*, const char*> words[] = {
        {"bold", "Bold"},           {"italic", "Italic"},     {"oblique", "Oblique"},
        {"light", "Light"},         {"thin", "Thin"},         {"heavy", "Heavy"},
        {"condensed", "Condensed"}, {"expanded", "Expanded"}, {"normal", ""},
        {"smallcaps", "Small-Caps"}};
    auto v = param_of(c, "style");
    if (!v) return std::string();
    std::string out;
    for (const auto& word : words_of(*v)) {
        auto it = std::find_if(std::begin(words), std::end(words),
                               [&](const auto& w) { return word == w.first; });
        if (it == std::end(words))
            return command_error(c, "unknown font style '" + word +
                                        "' (bold, italic, oblique, light, thin, heavy, "
                                        "condensed, expanded, smallcaps, normal)");
        if (*it->second) out += std::string(out.empty() ? "" : " ") + it->second;
    }
    return out;
}

Result<int> decorations(const Command& c) {
    auto v = param_of(c, "decoration");
    if (!v) return 0;
    int out = 0;
    for (const auto& word : words_of(*v)) {
        if (word == "underline")
            out |= plan::kUnderline;
        else if (word == "overline")
            out |= plan::kOverline;
        else if (word == "strike-through" || word == "strikethrough" || word == "line-through")
            out |= plan::kStrikeThrough;
        else if (word != "none")
            return command_error(c, "unknown decoration '" + word +
                                        "' (underline, overline, strike-through, none)");
    }
    return out;
}

// A family name only: words of letters, digits and hyphens that start with a letter, so it
// cannot smuggle a size or other font-description fields into Pango.
bool plain_family(const std::string& f) {
    if (f.empty() || f.size() > 64) return false;
    bool word_start = true;
    for (unsigned char ch : f) {
        if (ch == ' ') {
            word_start = true;
            continue;
        }
        if (word_start && !std::isalpha(ch)) return false;
        if (!std::isalnum(ch) && ch != '-') return false;
        word_start = false;
    }
    return true;
}

Result<plan::Operation> text(const Command& c, Size image) {
    plan::Text t;
    t.text = param_of(c, "text").value_or("");
    if (t.text.empty()) return command_error(c, "give the text to draw");
    if (!core::valid_utf8(t.text)) return command_error(c, "the text is not valid UTF-8");
    std::string family = param_of(c, "font").value_or(kDefaultFont);
    if (!plain_family(family))
        return command_error(c, "font must be a family name (words of letters, digits, hyphens)");
    auto style = font_style(c);
    if (!style) return style.error();
    t.font = style->empty() ? family : family + " " + *style;
    // Absolute sizes are points at 96 DPI (or the image's resolution with `tiad`); relative
    // sizes are that share of the image's height.
    auto size = parse_dimension(param_of(c, "size").value_or("12"));
    if (!size) return command_error(c, "size: " + size.error().message);
    double pixels = 0;
    if (size->kind == Dimension::Kind::Pixels) {
        t.points = size->value;
        t.dpi = switch_on(c, "tiad") ? 0 : static_cast<int>(kStandardDpi);
        pixels = t.points * (t.dpi ? t.dpi : kWorstCaseDpi) / 72.0;
    } else {
        pixels = size->resolve(image.height);
        t.points = pixels * 72.0 / kStandardDpi;
        t.dpi = static_cast<int>(kStandardDpi);
    }
    if (t.points <= 0) return command_error(c, "size must be above 0");
    if (pixels > kMaxFontPixels) return command_error(c, "the font size is too large");
    double breaks = static_cast<double>(std::count(t.text.begin(), t.text.end(), '\n'));
    if (static_cast<double>(t.text.size()) * pixels * pixels > kMaxGlyphArea ||
        (breaks + 1) * pixels * image.width > kMaxLineArea)
        return command_error(c, "the text is too large to draw");
    auto color = colour(c, "color", {0, 0, 0, 255});
    auto g = gravity(c, Gravity::NorthWest);
    auto x = offset(c, "x", image.width), y = offset(c, "y", image.height);
    auto dec = decorations(c);
    if (!color) return color.error();
    if (!g) return g.error();
    if (!x) return x.error();
    if (!y) return y.error();
    if (!dec) return dec.error();
    t.color = *color;
    t.gravity = *g;
    t.x = *x;
    t.y = *y;
    t.decorations = *dec;
    return plan::Operation{std::move(t)};
}

// A share from 0 to 1: a percent ("50", "50%") or a fraction ("0.5").
Result<double> share(const Command& c, std::string_view name, double fallback) {
    auto v = param_of(c, name);
    if (!v) return fallback;
    auto d = parse_dimension(*v);
    if (!d) return command_error(c, std::string(name) + ": " + d.error().message);
    double s = d->kind == Dimension::Kind::Fraction ? d->value : d->value / 100.0;
    if (s < 0 || s > 1) return command_error(c, std::string(name) + " must be from 0 to 100 %");
    return s;
}

Result<plan::Operation> watermark(const Command& c, Size image) {
    plan::Watermark w;
    w.overlay = param_of(c, "overlay").value_or("");
    if (w.overlay.empty()) return command_error(c, "give the overlay image's id");
    auto g = gravity(c, Gravity::Center);
    auto x = offset(c, "x", image.width), y = offset(c, "y", image.height);
    auto opacity = share(c, "opacity", 1.0);
    if (!g) return g.error();
    if (!x) return x.error();
    if (!y) return y.error();
    if (!opacity) return opacity.error();
    if (auto s = param_of(c, "scale")) {
        // The overlay's width: px, or a share of the image's width.
        auto d = parse_dimension(*s);
        if (!d) return command_error(c, "scale: " + d.error().message);
        int width = d->resolve(image.width);
        if (width < 1 || width > 4 * image.width)
            return command_error(c, "scale must give a width from 1 px to 4 times the image's");
        w.scale = static_cast<double>(width) / image.width;
    }
    w.gravity = *g;
    w.x = *x;
    w.y = *y;
    w.opacity = *opacity;
    w.tile = switch_on(c, "tile");
    return plan::Operation{std::move(w)};
}

} // namespace

Result<plan::Operation> drawing_operation(const Command& c, Size image) {
    if (c.name == "text") return text(c, image);
    if (c.name == "watermark") return watermark(c, image);
    if (c.name == "shade") {
        auto light = parse_shade(param_of(c, "shade").value_or(""));
        if (!light) return command_error(c, light.error().message);
        return plan::Operation{plan::Shade{light->first, light->second}};
    }
    if (c.name == "colorize") {
        auto v = param_of(c, "color");
        if (!v) return command_error(c, "give the colour to blend towards");
        auto color = parse_color(*v);
        if (!color) return command_error(c, "color: " + color.error().message);
        auto percents = parse_percents(param_of(c, "percent").value_or("50"));
        if (!percents) return command_error(c, percents.error().message);
        return plan::Operation{
            plan::Colorize{*color, (*percents)[0], (*percents)[1], (*percents)[2]}};
    }
    if (c.name == "fill") {
        const auto* pattern = plan::find_fill_pattern(param_of(c, "pattern").value_or(""));
        if (!pattern)
            return command_error(c, "unknown pattern '" + param_of(c, "pattern").value_or("") +
                                        "' (see the 54 names in docs/imaging.md)");
        auto color = colour(c, "color", {0, 0, 0, 255});
        if (!color) return color.error();
        return plan::Operation{plan::Fill{pattern->name, *color}};
    }
    return command_error(c, "not a drawing command");
}

} // namespace pictor::dialects::imaging
