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
#include "service/access_service.h"
#include "service/image_service.h"
#include "service/rendition_service.h"

namespace pictor::service {

// A parsed, resolved image request: everything needed to answer it, before any pixel work.
struct IiifImageRequest {
    SourceHandle source;
    plan::Plan plan;
    std::string canonical_params; // "full/max/0/default.jpg", relative to the base URI
    Validators validators;
    bool restricted = false; // the asset has roles: answers are private, vary by cookie
};

struct InfoAnswer {
    nlohmann::json body;
    int status = 200;        // 401/403 for a viewer who may not see everything; same body
    bool restricted = false; // private, varies by cookie
};

// Where the request goes: the asset's main image service, or its substitute (`{id}/substitute`,
// for assets with openMaxWidth), as decided from the identifier.
struct IiifTarget {
    std::string identifier;
    policy::ImageServiceKind service = policy::ImageServiceKind::Main;
};

class IiifService {
  public:
    IiifService(const config::Config& config, RenditionService& renditions, AccessService& access);

    IiifTarget target(const std::string& identifier) const;
    // `base_uri` is the service's base as the client reached it (scheme, host, prefix, id);
    // `server_base` is scheme and host, for the auth services' URLs.
    core::Result<InfoAnswer> info(dialects::iiif::Version version,
                                  const dialects::iiif::IiifPath& path, const std::string& base_uri,
                                  const std::string& server_base, const Credentials& credentials);
    core::Result<IiifImageRequest> prepare_image(dialects::iiif::Version version,
                                                 const dialects::iiif::IiifPath& path,
                                                 const Credentials& credentials);
    // Whether answering the path depends on who asks (a restricted asset or a substitute):
    // such requests need the viewer, which is looked up on a worker, never the network thread.
    bool depends_on_viewer(const dialects::iiif::IiifPath& path) const;
    // prepare_image() for the network thread, for paths that do not depend on the viewer:
    // nothing if the source's header is not known yet.
    // Shared, since the same resolved request serves every repeat of the path.
    std::optional<core::Result<std::shared_ptr<const IiifImageRequest>>>
    prepare_image_known(dialects::iiif::Version version, const dialects::iiif::IiifPath& path);
    std::optional<ImageAnswer> image_from_memory(const IiifImageRequest& request) const;
    core::Result<ImageAnswer> image(const IiifImageRequest& request, Deadline deadline);
    // For the base-URI redirect: does the identifier name an image?
    core::Result<void> exists(const dialects::iiif::IiifPath& path);

    // The IIIF Auth 2.0 probe: the status an info.json request would get with the viewer the
    // bearer token stands for (401 without a valid token), and whether a substitute exists.
    struct Probe {
        int status = 200;
        bool substitute = false;
    };
    Probe probe(const std::string& identifier, const std::optional<std::string>& token);

    // Renders the asset's public thumbnail sizes (full/w,h/0/default.jpg) into the derivative
    // cache, so they are there before anyone asks; returns how many were rendered.
    core::Result<int> prerender_thumbnails(const std::string& identifier, Deadline deadline);

    AccessService& access() const { return access_; }

  private:
    dialects::iiif::ResolveOptions resolve_options() const;
    dialects::iiif::ResolveOptions resolve_options(const policy::SizePolicy& policy,
                                                   policy::ImageServiceKind service) const;
    std::optional<core::Result<IiifImageRequest>>
    prepare_image_known_uncached(dialects::iiif::Version version,
                                 const dialects::iiif::IiifPath& path);
    core::Result<IiifImageRequest> finish(dialects::iiif::Version version,
                                          const dialects::iiif::ImageRequest& request,
                                          const IiifTarget& target, SourceHandle source,
                                          const policy::Viewer& viewer);

    config::IiifConfig iiif_;
    config::LimitsConfig limits_;
    RenditionService& renditions_;
    ImageService& images_;
    AccessService& access_;
    // Resolved image requests by version + path, reused while the source file is unchanged
    // (one lstat), so a repeated tile request skips parsing, resolving and hashing its plan.
    std::mutex resolved_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const IiifImageRequest>> resolved_;
    std::uint64_t resolved_generation_ = 0; // of the access policies the memo was made with
};

} // namespace pictor::service
