#include "service/display_service.h"

#include <filesystem>

namespace pictor::service {

namespace display = dialects::display;

DisplayService::DisplayService(const config::Config& config, RenditionService& renditions)
    : options_{config.display_sizes(), config.limits.max_width}, renditions_(renditions) {}

core::Result<DisplayImageRequest> DisplayService::prepare(std::string_view identifier,
                                                          std::string_view query,
                                                          std::string_view accept) {
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
    DisplayImageRequest out;
    out.plan = display::display_plan(id, source->info.size, output, *format);
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
