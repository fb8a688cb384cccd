#pragma once
// IIIF Presentation 3 manifests and collections generated from the image store: an image's
// manifest, a folder's manifest (one canvas per image, in name order) and a folder's
// collection (its sub-folders' collections and its images' manifests, in pages). Each image's
// policy decides what the documents show: a restricted image's canvas points at its service
// with the auth services, its title stays out, and its thumbnail is an open size or none.
// The documents are the same for every viewer.
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "dialects/iiif/presentation.h"
#include "service/access_service.h"
#include "service/image_pipeline.h"
#include "service/source_service.h"

namespace pictor::service {

class ManifestService {
  public:
    // Collections list this many items a page; folder manifests at most max_canvases.
    static constexpr std::size_t kPageSize = 100;
    static constexpr std::size_t kMaxCanvases = 1000;

    // Images are described through the pipeline; `images` lists folders.
    ManifestService(const config::IiifConfig& iiif, ImagePipeline& pipeline, SourceService& images,
                    AccessService& access);

    // `server_base` is scheme, host and prefix as the client reached the server. The manifest
    // of an image, or of a folder when the identifier names one.
    core::Result<nlohmann::json> manifest(const std::string& identifier,
                                          const std::string& server_base);
    // The collection of a folder ("" = the image root). `page` 0: the whole collection, or
    // its pages when it has more than kPageSize items; `page` n >= 1: that page.
    core::Result<nlohmann::json> collection(const std::string& folder, int page,
                                            const std::string& server_base);

  private:
    core::Result<dialects::iiif::CanvasImage> canvas_image(const std::string& identifier,
                                                           const std::string& server_base);
    std::string manifest_id(const std::string& identifier, const std::string& server_base) const;
    std::string collection_id(const std::string& folder, const std::string& server_base) const;

    config::IiifConfig iiif_;
    ImagePipeline& pipeline_;
    SourceService& images_;
    AccessService& access_;
};

} // namespace pictor::service
