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
    for (const auto& op : plan.ops)
        if (const auto* crop = std::get_if<plan::Crop>(&op))
            return crop->rect == core::Rect{0, 0, image.width, image.height};
    return true;
}

core::Result<void> authorise_plan(const policy::SizePolicy& policy, const policy::Viewer& viewer,
                                  policy::ImageServiceKind service, const plan::Plan& plan,
                                  core::Size image,
                                  const std::vector<std::string>& thumbnail_specs) {
    policy::SizeRequest request{full_region(plan, image), plan::output_size(plan, image)};
    if (policy.may_see_all(viewer) || !request.full_region)
        return policy.authorise(viewer, service, request);
    return policy.authorise(viewer, service, request,
                            public_thumbnail_sizes(policy, image, thumbnail_specs));
}

std::string catalog_id(const SourceHandle& source, const ImageService& images) {
    return source.file.path.lexically_relative(images.store().root()).generic_string();
}

} // namespace pictor::service
