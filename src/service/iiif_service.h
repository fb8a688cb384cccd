#pragma once
// IIIF Image API 3.0 / 2.1: info.json, the probe, and image requests compiled for the image
// pipeline (the main service or an asset's substitute).
#include <memory>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/iiif_path.h"
#include "dialects/iiif/iiif_request.h"
#include "dialects/iiif/iiif_resolver.h"
#include "service/access_service.h"
#include "service/image_pipeline.h"
#include "service/source_service.h"

namespace pictor::service {

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
    IiifService(const config::IiifConfig& iiif, const config::RuntimeLimits& limits,
                SourceService& images, ImagePipeline& pipeline, AccessService& access);

    IiifTarget target(const std::string& identifier) const;
    // `base_uri` is the service's base as the client reached it (scheme, host, prefix, id);
    // `server_base` is scheme and host, for the auth services' URLs.
    core::Result<InfoAnswer> info(dialects::iiif::Version version,
                                  const dialects::iiif::IiifPath& path, const std::string& base_uri,
                                  const std::string& server_base, const Credentials& credentials);
    // The image request of a path: parsed once per request (syntax first: a malformed request is
    // a 400 even for an unknown identifier), then handed to the prepare calls.
    core::Result<dialects::iiif::ImageRequest> parse(dialects::iiif::Version version,
                                                     const dialects::iiif::IiifPath& path) const;
    // The image (its `canonical` the parameters of the Link rel="canonical", relative to the
    // base URI) for a parsed request.
    core::Result<PreparedImage> prepare_image(dialects::iiif::Version version,
                                              const dialects::iiif::IiifPath& path,
                                              const dialects::iiif::ImageRequest& request,
                                              const Credentials& credentials);
    // For the network thread, before parsing: the answer the pipeline remembers for this path.
    std::shared_ptr<const PreparedImage> remembered_image(dialects::iiif::Version version,
                                                          const dialects::iiif::IiifPath& path);
    // The same, found by the image path as sent (IiifPath::as_sent), before any parsing.
    std::shared_ptr<const PreparedImage> remembered_as_sent(dialects::iiif::Version version,
                                                            std::string_view as_sent);
    // prepare_image() for the network thread: nothing when the answer depends on the viewer or
    // the source's header is not known yet; remembered by the pipeline when it succeeds.
    std::optional<core::Result<std::shared_ptr<const PreparedImage>>>
    prepare_image_known(dialects::iiif::Version version, const dialects::iiif::IiifPath& path,
                        const dialects::iiif::ImageRequest& request);
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
    // cache, as an anonymous viewer would ask for them; returns how many were rendered.
    core::Result<int> prerender_thumbnails(const std::string& identifier, Deadline deadline);

    AccessService& access() const { return access_; }

  private:
    // What a 401/403 info.json describes (Auth 1.0's degraded image, drawn by clients before
    // login): the service with a coarsest tile level and sizes anyone may have, or the service
    // as it is when nothing of the asset is open.
    nlohmann::json degraded_info(dialects::iiif::Version version,
                                 const dialects::iiif::InfoInput& in,
                                 const policy::SizePolicy& policy) const;
    dialects::iiif::ResolveOptions resolve_options(const policy::SizePolicy& policy,
                                                   policy::ImageServiceKind service) const;
    // The job for a parsed request; `canonical` receives the canonical parameters.
    ImageJob job(dialects::iiif::Version version, const dialects::iiif::ImageRequest& request,
                 const IiifTarget& target, const Credentials& credentials) const;

    config::IiifConfig iiif_;
    const config::RuntimeLimits& limits_;
    SourceService& images_;
    ImagePipeline& pipeline_;
    AccessService& access_;
};

} // namespace pictor::service
