#include "dialects/imaging/compile.h"

#include <algorithm>
#include <cmath>

#include "dialects/imaging/drawing.h"
#include "dialects/imaging/values.h"
#include "plan/output_size.h"

namespace pictor::dialects::imaging {

using core::Error;
using core::Result;
using core::Size;

namespace {

class Compiler {
  public:
    Compiler(plan::Plan& plan, Size size, core::ImageFormat source_format,
             const PresetLookup& presets)
        : plan_(plan), size_(size), source_format_(source_format), presets_(presets) {}

    Result<void> run(const CommandSet& commands, int depth) {
        for (const auto& c : commands)
            if (auto r = one(c, depth); !r) return r;
        return {};
    }
    Size size() const { return size_; }

  private:
    void push(plan::Operation op) {
        size_ = plan::output_size(op, size_);
        plan_.ops.push_back(std::move(op));
    }

    Result<int> dim(const Command& c, std::string_view name, int reference, int fallback) {
        auto v = param_of(c, name);
        if (!v) return fallback;
        auto d = parse_dimension(*v);
        if (!d) return command_error(c, std::string(name) + ": " + d.error().message);
        return d->resolve(reference);
    }

    Result<void> crop(const Command& c) {
        core::Rect r{0, 0, size_.width, size_.height};
        bool margins = param_of(c, "top") || param_of(c, "right") || param_of(c, "bottom") ||
                       param_of(c, "left");
        if (margins) {
            auto t = dim(c, "top", size_.height, 0), b = dim(c, "bottom", size_.height, 0);
            auto l = dim(c, "left", size_.width, 0), rt = dim(c, "right", size_.width, 0);
            for (auto* x : {&t, &b, &l, &rt})
                if (!*x) return x->error();
            r = {*l, *t, size_.width - *l - *rt, size_.height - *t - *b};
        } else {
            auto w = dim(c, "width", size_.width, size_.width);
            auto h = dim(c, "height", size_.height, size_.height);
            auto x = dim(c, "x", size_.width, 0), y = dim(c, "y", size_.height, 0);
            for (auto* v : {&w, &h, &x, &y})
                if (!*v) return v->error();
            Gravity g = Gravity::NorthWest;
            if (auto gv = param_of(c, "gravity")) {
                auto pg = parse_gravity(*gv);
                if (!pg) return command_error(c, pg.error().message);
                g = *pg;
            }
            r = core::place(g, size_, {*w, *h}, *x, *y);
        }
        if (r.width < 1 || r.height < 1) return command_error(c, "the crop is empty");
        return crop_to(c, r, switch_on(c, "fixed"));
    }

    // Clipped to the image; `fixed` keeps the requested size, padding what falls outside.
    Result<void> crop_to(const Command& c, core::Rect r, bool fixed) {
        Size wanted{r.width, r.height};
        int x0 = std::max(0, r.x), y0 = std::max(0, r.y);
        int x1 = std::min(size_.width, r.x + r.width), y1 = std::min(size_.height, r.y + r.height);
        if (x1 <= x0 || y1 <= y0) return command_error(c, "the crop lies outside the image");
        if (core::Rect{x0, y0, x1 - x0, y1 - y0} != core::Rect{0, 0, size_.width, size_.height})
            push(plan::Crop{{x0, y0, x1 - x0, y1 - y0}});
        if (fixed && size_ != wanted) push(plan::Canvas{wanted});
        return {};
    }

    Result<void> resize(const Command& c) {
        auto proportional = [](const std::optional<std::string>& v) {
            return !v || *v == "proportional" || *v == "-1";
        };
        auto wv = param_of(c, "width"), hv = param_of(c, "height");
        if (proportional(wv) && proportional(hv))
            return command_error(c, "give a width or a height");
        int w = 0, h = 0;
        if (!proportional(wv)) {
            auto d = dim(c, "width", size_.width, 0);
            if (!d) return d.error();
            w = *d;
        }
        if (!proportional(hv)) {
            auto d = dim(c, "height", size_.height, 0);
            if (!d) return d.error();
            h = *d;
        }
        if ((wv && !proportional(wv) && w < 1) || (hv && !proportional(hv) && h < 1))
            return command_error(c, "width and height must be at least 1 px");
        std::string mode = param_of(c, "mode").value_or("fit");
        if (mode != "fit" && mode != "fill" && mode != "stretch")
            return command_error(c, "mode must be fit, fill or stretch");
        double sx = w ? static_cast<double>(w) / size_.width : 0;
        double sy = h ? static_cast<double>(h) / size_.height : 0;
        Size out;
        if (mode == "stretch" && w && h) {
            out = {w, h};
        } else {
            double s =
                w && h ? (mode == "fill" ? std::max(sx, sy) : std::min(sx, sy)) : std::max(sx, sy);
            if (!switch_on(c, "upscale")) s = std::min(s, 1.0);
            out = {std::max(1, static_cast<int>(std::lround(size_.width * s))),
                   std::max(1, static_cast<int>(std::lround(size_.height * s)))};
        }
        if (out.width > 100000 || out.height > 100000)
            return command_error(c, "the result is too large");
        if (out != size_) push(plan::Resize{out});
        if (mode == "fill" && w && h && (size_.width > w || size_.height > h))
            push(plan::Canvas{{std::min(w, size_.width), std::min(h, size_.height)}});
        return {};
    }

    Result<void> rescale(const Command& c) {
        auto f = parse_factor(param_of(c, "factor").value_or(""));
        if (!f) return command_error(c, f.error().message);
        Size out{std::max(1, static_cast<int>(std::lround(size_.width * *f))),
                 std::max(1, static_cast<int>(std::lround(size_.height * *f)))};
        if (out.width > 100000 || out.height > 100000)
            return command_error(c, "the result is too large");
        if (out != size_) push(plan::Resize{out});
        return {};
    }

    Result<void> rotate(const Command& c) {
        auto a = parse_angle(param_of(c, "angle").value_or(""));
        if (!a) return command_error(c, a.error().message);
        double d = std::fmod(*a, 360.0);
        if (d < 0) d += 360;
        if (d == 0) return {};
        plan::Rotate op{d};
        if (auto bg = param_of(c, "background")) {
            auto colour = parse_color(*bg);
            if (!colour) return command_error(c, "background: " + colour.error().message);
            op.background = *colour;
        }
        Size before = size_;
        push(op);
        if (!switch_on(c, "crop") || size_ == before) return {};
        // The crop box keeps the original size, centred on (x, y) of the rotated image.
        auto cx = dim(c, "x", size_.width, size_.width / 2);
        auto cy = dim(c, "y", size_.height, size_.height / 2);
        if (!cx || !cy) return !cx ? cx.error() : cy.error();
        core::Rect box{*cx - before.width / 2, *cy - before.height / 2, before.width,
                       before.height};
        return crop_to(c, box, true);
    }

    Result<void> format(const Command& c) {
        if (auto e = param_of(c, "extension")) {
            if (*e == "$org" || *e == "$original") {
                plan_.encode.format = source_format_;
            } else {
                auto f = core::format_from_extension(*e);
                if (!f) return command_error(c, "unknown extension '" + *e + "'");
                plan_.encode.format = *f;
            }
        }
        if (auto q = param_of(c, "quality")) {
            auto v = parse_factor(*q);
            if (!v || *v < 1 || *v > 100 || *v != std::floor(*v))
                return command_error(c, "quality must be an integer from 1 to 100");
            plan_.encode.quality = static_cast<int>(*v);
        }
        if (auto d = param_of(c, "density")) {
            auto dpi = parse_density(*d);
            if (!dpi) return command_error(c, dpi.error().message);
            plan_.encode.dpi_x = dpi->width;
            plan_.encode.dpi_y = dpi->height;
        }
        return {};
    }

    Result<void> one(const Command& c, int depth) {
        if (c.name == "crop") return crop(c);
        if (c.name == "resize") return resize(c);
        if (c.name == "rescale") return rescale(c);
        if (c.name == "rotate") return rotate(c);
        if (c.name == "format") return format(c);
        if (c.name == "grayscale") {
            push(plan::ToneMap{plan::Tone::Gray});
            return {};
        }
        if (c.name == "flop") {
            push(plan::Mirror{});
            return {};
        }
        if (c.name == "flip") { // upside down: a half turn, then mirrored
            push(plan::Rotate{180});
            push(plan::Mirror{});
            return {};
        }
        if (c.name == "strip") return {}; // answers never carry metadata
        if (c.name == "blur" || c.name == "sharpen") {
            auto sigma = parse_factor(param_of(c, "sigma").value_or("1"));
            if (!sigma || *sigma > 50)
                return command_error(c, "sigma must be above 0 and at most 50");
            if (c.name == "blur")
                push(plan::Blur{*sigma});
            else
                push(plan::Sharpen{*sigma});
            return {};
        }
        if (c.name == "text" || c.name == "watermark" || c.name == "shade" ||
            c.name == "colorize" || c.name == "fill") {
            auto op = drawing_operation(c, size_);
            if (!op) return op.error();
            push(std::move(*op));
            return {};
        }
        if (c.name == "preset") {
            std::string name = param_of(c, "name").value_or("");
            if (depth >= kMaxPresetDepth)
                return command_error(c, "presets nested too deep: '" + name + "'");
            auto set = presets_ ? presets_(name) : std::nullopt;
            if (!set) return command_error(c, "unknown preset '" + name + "'");
            return run(*set, depth + 1);
        }
        return command_error(c, "unknown command");
    }

    plan::Plan& plan_;
    Size size_;
    core::ImageFormat source_format_;
    const PresetLookup& presets_;
};

CommandSet inline_to_depth(const CommandSet& commands, const PresetLookup& presets, int depth) {
    CommandSet out;
    for (const auto& c : commands) {
        if (c.name != "preset" || depth >= kMaxPresetDepth) {
            out.push_back(c);
            continue;
        }
        auto set = presets(param_of(c, "name").value_or(""));
        if (!set) continue;
        auto inner = inline_to_depth(*set, presets, depth + 1);
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

} // namespace

CommandSet inline_presets(const CommandSet& commands, const PresetLookup& presets) {
    return inline_to_depth(commands, presets, 0);
}

Result<Compiled> compile(const CommandSet& commands, const std::string& source, Size image,
                         core::ImageFormat source_format, const PresetLookup& presets) {
    Compiled out;
    out.plan.source = source;
    out.plan.encode.format = source_format;
    Compiler compiler(out.plan, image, source_format, presets);
    if (auto r = compiler.run(commands, 0); !r) return r.error();
    out.output = compiler.size();
    return out;
}

} // namespace pictor::dialects::imaging
