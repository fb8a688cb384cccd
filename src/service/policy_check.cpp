#include "service/policy_check.h"

#include "dialects/iiif/iiif_info.h"
#include "plan/output_size.h"

namespace pictor::service {

std::vector<core::Size> public_thumbnail_sizes(const policy::SizePolicy& policy, core::Size image,
                                               const std::vector<std::string>& specs) {
    auto bound = policy.thumbnail_bound();
    if (!bound) return {};
    dialects::iiif::ResolveOptions limits;
    limits.max_width = *bound;
    limits.max_height = *bound;
    return dialects::iiif::listed_sizes(image, specs, limits);
}

bool full_region(const plan::Plan& plan, core::Size image) {
    // Any step that drops part of the picture, wherever it comes in the plan: a crop short of
    // the whole, or a canvas narrower or lower than the image it frames.
    core::Size size = image;
    for (const auto& op : plan.ops) {
        if (const auto* crop = std::get_if<plan::Crop>(&op))
            if (crop->rect != core::Rect{0, 0, size.width, size.height}) return false;
        if (const auto* canvas = std::get_if<plan::Canvas>(&op))
            if (canvas->size.width < size.width || canvas->size.height < size.height) return false;
        size = plan::output_size(op, size);
    }
    return true;
}

} // namespace pictor::service
