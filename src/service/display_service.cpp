#include "service/display_service.h"

#include <algorithm>
#include <filesystem>

#include "service/policy_check.h"

namespace pictor::service {

namespace display = dialects::display;

DisplayService::DisplayService(const config::Config& config, RenditionService& renditions,
                               AccessService& access)
    : options_{config.display_sizes(), config.limits.max_width},
      thumbnail_sizes_(config.iiif.thumbnail_sizes), renditions_(renditions), access_(access) {}

core::Result<DisplayImageRequest> DisplayService::prepare(std::string_view identifier,
                                                          std::string_view query,
                                                          std::string_view accept,
                                                          const Credentials& credentials) {
    // Syntax first: a malformed query is a 400 even for an unknown file.
    auto request = display::parse_display_query(query, options_);
    if (!request) return request.error();
    auto source = renditions_.images().open_lenient(identifier);
    if (!source) return source.error();
    auto format = display::display_format(*request, source->info.format, accept,
                                          renditions_.images().engine().writable_formats());
    if (!format) return format.error();
    std::string id =
        source->file.path.lexically_relative(renditions_.images().store().root()).generic_string();
    core::Size output = display::display_size(*request, source->info.size);
    auto policy = access_.policy_for(id);
    policy::Viewer viewer;
    if (policy.asset().restricted()) viewer = access_.viewer(credentials);
    if (request->kind == display::SizeKind::Original) {
        int square = policy.max_square(viewer, policy::ImageServiceKind::Main, true);
        if (std::max(output.width, output.height) > square)
            output = display::display_size({display::SizeKind::Named, square}, source->info.size);
    }
    DisplayImageRequest out;
    out.plan = display::display_plan(id, source->info.size, output, *format);
    auto allowed = authorise_plan(policy, viewer, policy::ImageServiceKind::Main, out.plan,
                                  source->info.size, thumbnail_sizes_);
    if (!allowed) return allowed.error();
    out.restricted = policy.asset().restricted();
    out.validators = renditions_.validators(*source, out.plan);
    out.attachment = request->download.value_or(false);
    out.negotiated = request->format == display::FormatChoice::Auto;
    out.file_name =
        std::filesystem::path(id).stem().string() + "." + std::string(core::extension(*format));
    out.source = std::move(*source);
    return out;
}

core::Result<ImageAnswer> DisplayService::image(const DisplayImageRequest& request,
                                                Deadline deadline) {
    return renditions_.render(request.source, request.plan, request.validators, deadline);
}

} // namespace pictor::service
