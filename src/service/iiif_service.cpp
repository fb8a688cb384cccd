#include "service/iiif_service.h"

#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"

namespace pictor::service {

using core::Result;
namespace iiif = dialects::iiif;

IiifService::IiifService(const config::Config& config, RenditionService& renditions)
    : iiif_(config.iiif), limits_(config.limits), renditions_(renditions),
      images_(renditions.images()) {}

iiif::ResolveOptions IiifService::resolve_options() const {
    iiif::ResolveOptions o;
    o.max_width = limits_.max_width;
    o.max_height = limits_.max_width;
    o.max_area = limits_.max_output_pixels;
    o.upscaling = iiif_.upscaling;
    o.formats = images_.engine().writable_formats();
    return o;
}

Result<nlohmann::json> IiifService::info(iiif::Version version, const iiif::IiifPath& path,
                                         const std::string& base_uri) {
    auto source = images_.open(path.identifier);
    if (!source) return source.error();
    iiif::InfoInput in;
    in.id = base_uri;
    in.image = source->info.size;
    in.tile_size = iiif_.tile_size;
    in.thumbnail_sizes = iiif_.thumbnail_sizes;
    in.limits = resolve_options();
    return iiif::build_info(version, in);
}

Result<IiifImageRequest> IiifService::finish(iiif::Version version,
                                             const iiif::ImageRequest& request,
                                             const iiif::IiifPath& path, SourceHandle source) {
    auto resolved =
        iiif::resolve(version, request, path.identifier, source.info.size, resolve_options());
    if (!resolved) return resolved.error();
    Validators validators = renditions_.validators(source, resolved->plan);
    return IiifImageRequest{std::move(source), std::move(resolved->plan),
                            std::move(resolved->canonical_params), std::move(validators)};
}

Result<IiifImageRequest> IiifService::prepare_image(iiif::Version version,
                                                    const iiif::IiifPath& path) {
    // Syntax first: a malformed request is a 400 even for an unknown identifier.
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return request.error();
    auto source = images_.open(path.identifier);
    if (!source) return source.error();
    return finish(version, *request, path, std::move(*source));
}

std::optional<Result<std::shared_ptr<const IiifImageRequest>>>
IiifService::prepare_image_known(iiif::Version version, const iiif::IiifPath& path) {
    using Shared = std::shared_ptr<const IiifImageRequest>;
    std::string memo_key = std::to_string(static_cast<int>(version)) + "/" + path.identifier + "/" +
                           path.region + "/" + path.size + "/" + path.rotation + "/" +
                           path.quality_format;
    Shared remembered;
    {
        std::lock_guard lock(resolved_mutex_);
        if (auto it = resolved_.find(memo_key); it != resolved_.end()) remembered = it->second;
    }
    if (remembered) {
        const auto& was = remembered->source.file;
        auto file = images_.store().resolve(path.identifier);
        if (file && file->path == was.path && file->mtime_ns == was.mtime_ns &&
            file->bytes == was.bytes)
            return Result<Shared>(std::move(remembered));
    }
    auto prepared = prepare_image_known_uncached(version, path);
    if (!prepared) return std::nullopt;
    if (!*prepared) return Result<Shared>(prepared->error());
    auto shared = std::make_shared<const IiifImageRequest>(std::move(**prepared));
    std::lock_guard lock(resolved_mutex_);
    if (resolved_.size() >= 16384) resolved_.clear(); // bounded; refilled on demand
    resolved_[memo_key] = shared;
    return Result<Shared>(std::move(shared));
}

std::optional<Result<IiifImageRequest>>
IiifService::prepare_image_known_uncached(iiif::Version version, const iiif::IiifPath& path) {
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return Result<IiifImageRequest>(request.error());
    auto source = images_.open_known(path.identifier);
    if (!source) return std::nullopt;
    if (!*source) return Result<IiifImageRequest>(source->error());
    return finish(version, *request, path, std::move(**source));
}

std::optional<ImageAnswer> IiifService::image_from_memory(const IiifImageRequest& request) const {
    return renditions_.from_memory(request.validators);
}

Result<ImageAnswer> IiifService::image(const IiifImageRequest& request, Deadline deadline) {
    return renditions_.render(request.source, request.plan, request.validators, deadline);
}

Result<void> IiifService::exists(const iiif::IiifPath& path) {
    auto source = images_.open(path.identifier);
    if (!source) return source.error();
    return {};
}

} // namespace pictor::service
