#pragma once
// IIIF Image API 3.0 / 2.1 orchestration: path -> source -> info.json or Plan -> rendition.
#include <memory>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "dialects/iiif/iiif_path.h"
#include "dialects/iiif/iiif_request.h"
#include "dialects/iiif/iiif_resolver.h"
#include "service/image_service.h"
#include "service/rendition_service.h"

namespace pictor::service {

// A parsed, resolved image request: everything needed to answer it, before any pixel work.
struct IiifImageRequest {
    SourceHandle source;
    plan::Plan plan;
    std::string canonical_params; // "full/max/0/default.jpg", relative to the base URI
    Validators validators;
};

class IiifService {
  public:
    IiifService(const config::Config& config, RenditionService& renditions);

    // `base_uri` is the service's base as the client reached it (scheme, host, prefix, id).
    core::Result<nlohmann::json> info(dialects::iiif::Version version,
                                      const dialects::iiif::IiifPath& path,
                                      const std::string& base_uri);
    core::Result<IiifImageRequest> prepare_image(dialects::iiif::Version version,
                                                 const dialects::iiif::IiifPath& path);
    // prepare_image() for the network thread: nothing if the source's header is not known yet.
    // Shared, since the same resolved request serves every repeat of the path.
    std::optional<core::Result<std::shared_ptr<const IiifImageRequest>>>
    prepare_image_known(dialects::iiif::Version version, const dialects::iiif::IiifPath& path);
    std::optional<ImageAnswer> image_from_memory(const IiifImageRequest& request) const;
    core::Result<ImageAnswer> image(const IiifImageRequest& request, Deadline deadline);
    // For the base-URI redirect: does the identifier name an image?
    core::Result<void> exists(const dialects::iiif::IiifPath& path);

  private:
    dialects::iiif::ResolveOptions resolve_options() const;
    std::optional<core::Result<IiifImageRequest>>
    prepare_image_known_uncached(dialects::iiif::Version version,
                                 const dialects::iiif::IiifPath& path);
    core::Result<IiifImageRequest> finish(dialects::iiif::Version version,
                                          const dialects::iiif::ImageRequest& request,
                                          const dialects::iiif::IiifPath& path,
                                          SourceHandle source);

    config::IiifConfig iiif_;
    config::LimitsConfig limits_;
    RenditionService& renditions_;
    ImageService& images_;
    // Resolved image requests by version + path, reused while the source file is unchanged
    // (one lstat), so a repeated tile request skips parsing, resolving and hashing its plan.
    std::mutex resolved_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const IiifImageRequest>> resolved_;
};

} // namespace pictor::service
