#include "plan/output_size.h"

#include <cmath>
#include <numbers>

namespace pictor::plan {
namespace {

struct SizeOf {
    core::Size in;
    core::Size operator()(const Crop& c) const { return c.rect.size(); }
    core::Size operator()(const Resize& r) const { return r.size; }
    core::Size operator()(const Mirror&) const { return in; }
    core::Size operator()(const Rotate& r) const { return rotated_size(in, r.degrees); }
    core::Size operator()(const ToneMap&) const { return in; }
    core::Size operator()(const Canvas& c) const { return c.size; }
    core::Size operator()(const Blur&) const { return in; }
    core::Size operator()(const Sharpen&) const { return in; }
    core::Size operator()(const Text&) const { return in; }
    core::Size operator()(const Watermark&) const { return in; }
    core::Size operator()(const Shade&) const { return in; }
    core::Size operator()(const Colorize&) const { return in; }
    core::Size operator()(const Fill&) const { return in; }
};

} // namespace

core::Size rotated_size(core::Size in, double degrees) {
    double d = std::fmod(degrees, 360.0);
    if (d == 0 || d == 180) return in;
    if (d == 90 || d == 270) return {in.height, in.width};
    double rad = d * std::numbers::pi / 180.0;
    double c = std::abs(std::cos(rad));
    double s = std::abs(std::sin(rad));
    // Round away floating-point noise before taking the ceiling.
    auto edge = [](double v) { return static_cast<int>(std::ceil(v - 1e-6)); };
    return {edge(in.width * c + in.height * s), edge(in.width * s + in.height * c)};
}

core::Size output_size(const Operation& op, core::Size input) {
    return std::visit(SizeOf{input}, op);
}

core::Size output_size(const Plan& plan, core::Size input) {
    core::Size s = input;
    for (const auto& op : plan.ops)
        s = output_size(op, s);
    return s;
}

} // namespace pictor::plan
