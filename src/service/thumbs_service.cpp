#include "service/thumbs_service.h"

#include <algorithm>

#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"
#include "service/policy_check.h"

namespace pictor::service {

using core::Error;
using core::Result;
namespace iiif = dialects::iiif;

ThumbsService::ThumbsService(const config::IiifConfig& iiif_config, ImagePipeline& pipeline,
                             IiifService& iiif)
    : thumbnail_sizes_(iiif_config.thumbnail_sizes), pipeline_(pipeline), iiif_(iiif) {}

Result<std::vector<core::Size>> ThumbsService::sizes(const std::string& identifier,
                                                     core::Size& image) {
    // The open sizes are the same for every viewer: asked as nobody in particular.
    auto glanced = pipeline_.glance(identifier, {});
    if (!glanced) return glanced.error();
    auto sight = pipeline_.open(std::move(*glanced));
    if (!sight) return sight.error();
    image = sight->source.info.size;
    auto listed = public_thumbnail_sizes(sight->policy, image, thumbnail_sizes_);
    std::sort(listed.begin(), listed.end(),
              [](core::Size a, core::Size b) { return a.width < b.width; });
    return listed;
}

Result<nlohmann::json> ThumbsService::info(iiif::Version version, const iiif::IiifPath& path,
                                           const std::string& base_uri) {
    core::Size image;
    auto listed = sizes(path.identifier, image);
    if (!listed) return listed.error();
    // No open thumbnail, no thumbnail service (DLCS answers 404 too).
    if (listed->empty()) return Error::not_found("this image has no open thumbnails");
    return iiif::build_sizes_only_info(version, base_uri, image, *listed);
}

Result<PreparedImage> ThumbsService::prepare(iiif::Version version, const iiif::IiifPath& path) {
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return request.error();
    if (request->region.kind != iiif::RegionSpec::Kind::Full || request->rotation.mirror ||
        request->rotation.degrees != 0 || request->format != core::ImageFormat::Jpeg ||
        (request->quality != iiif::Quality::Default && request->quality != iiif::Quality::Color))
        return Error::bad_request(
            "thumbnails are full/{size}/0/default.jpg with a size listed in info.json");
    core::Size image;
    auto listed = sizes(path.identifier, image);
    if (!listed) return listed.error();
    if (listed->empty()) return Error::not_found("this image has no open thumbnails");
    core::Size wanted = listed->back();
    if (request->size.kind != iiif::SizeSpec::Kind::Max &&
        request->size.kind != iiif::SizeSpec::Kind::Full) {
        iiif::ResolveOptions options;
        options.upscaling = false;
        options.clamp_confined = true;
        options.formats = {core::ImageFormat::Jpeg};
        auto resolved = iiif::resolve(version, *request, path.identifier, image, options);
        if (!resolved) return resolved.error();
        wanted = resolved->output;
    }
    // `w,` and `,h` name a listed size by the edge they give: deriving the other edge back
    // from a rounded one can be a pixel off (400x267 of 6000x4000 asked as `,267` is 400.5 wide).
    if (std::find(listed->begin(), listed->end(), wanted) == listed->end())
        for (auto size : *listed)
            if ((request->size.kind == iiif::SizeSpec::Kind::Width &&
                 size.width == request->size.width) ||
                (request->size.kind == iiif::SizeSpec::Kind::Height &&
                 size.height == request->size.height))
                wanted = size;
    if (std::find(listed->begin(), listed->end(), wanted) == listed->end())
        return Error::not_found("no thumbnail of " + core::to_string(wanted) +
                                "; info.json lists the sizes there are");
    iiif::IiifPath thumb = path;
    thumb.region = "full";
    thumb.size = std::to_string(wanted.width) + "," + std::to_string(wanted.height);
    thumb.rotation = "0";
    thumb.quality_format = "default.jpg";
    auto thumb_request = iiif_.parse(iiif::Version::V3, thumb);
    if (!thumb_request) return thumb_request.error();
    // Thumbnails are open by definition: asked as nobody in particular, the same answer for
    // every viewer, so public and cacheable by a CDN even for a role-protected asset.
    auto prepared = iiif_.prepare_image(iiif::Version::V3, thumb, *thumb_request, {});
    if (prepared) prepared->private_answer = false;
    return prepared;
}

} // namespace pictor::service
