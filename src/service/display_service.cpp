#include "service/display_service.h"

#include <algorithm>
#include <filesystem>

namespace pictor::service {

namespace display = dialects::display;

DisplayService::DisplayService(const config::DisplayConfig& display, int max_width,
                               ImagePipeline& pipeline, std::set<core::ImageFormat> writable,
                               const OriginalReader& originals)
    : options_{display.named_sizes(), max_width}, writable_(std::move(writable)),
      pipeline_(pipeline), originals_(originals) {}

core::Result<DisplayImage> DisplayService::prepare(std::string_view identifier,
                                                   std::string_view query, std::string_view accept,
                                                   const Credentials& credentials) {
    // Syntax first: a malformed query is a 400 even for an unknown file.
    auto request = display::parse_display_query(query, options_);
    if (!request) return request.error();
    DisplayImage out;
    ImageJob job;
    job.identifier = std::string(identifier);
    job.lenient = true;
    job.credentials = credentials;
    job.compile = [&](const Sight& sight, std::string&) -> core::Result<plan::Plan> {
        const auto& info = sight.source.info;
        auto format = display::display_format(*request, info.format, accept, writable_);
        if (!format) return format.error();
        core::Size output = display::display_size(*request, info.size);
        if (request->kind == display::SizeKind::Original) { // IIIF's `max`
            int square = sight.max_square(true);
            if (std::max(output.width, output.height) > square)
                output = display::display_size({display::SizeKind::Named, square}, info.size);
        }
        out.file_name = std::filesystem::path(sight.id).stem().string() + "." +
                        std::string(core::extension(*format));
        return display::display_plan(sight.id, info.size, output, *format);
    };
    auto prepared = pipeline_.prepare(job);
    if (!prepared) return prepared.error();
    out.image = std::move(*prepared);
    out.attachment = request->download.value_or(false);
    out.negotiated = request->format == display::FormatChoice::Auto;
    return out;
}

core::Result<std::optional<DisplayOriginal>>
DisplayService::original(std::string_view identifier, std::string_view query,
                         std::string_view accept, const Credentials& credentials) {
    auto request = display::parse_display_query(query, options_);
    if (!request) return request.error();
    if (!originals_.offered() || request->kind != display::SizeKind::Original ||
        request->format != display::FormatChoice::Source)
        return std::optional<DisplayOriginal>();
    auto sight = pipeline_.look(std::string(identifier), credentials, true);
    if (!sight) return sight.error();
    const auto& info = sight->source.info;
    auto format = display::display_format(*request, info.format, accept, writable_);
    if (!format || *format != info.format || !sight->allows(info.size))
        return std::optional<DisplayOriginal>();
    auto file = originals_.read(*sight);
    if (!file) return file.error();
    return std::optional<DisplayOriginal>(
        DisplayOriginal{std::move(*file), request->download.value_or(false),
                        std::filesystem::path(sight->id).filename().string()});
}

} // namespace pictor::service
