#pragma once
// DLCS's thumbnail channel (/thumbs/{customer}/{space}/{image}/…): a level 0 image service
// offering only the asset's open thumbnail sizes, the same for every viewer. Each thumbnail is
// the IIIF answer `full/w,h/0/default.jpg` an anonymous viewer gets, so it shares that cache
// entry (and the thumbnails rendered ahead of demand).
#include <nlohmann/json.hpp>

#include "dialects/iiif/iiif_path.h"
#include "dialects/iiif/iiif_request.h"
#include "service/iiif_service.h"

namespace pictor::service {

class ThumbsService {
  public:
    ThumbsService(const config::IiifConfig& iiif_config, ImagePipeline& pipeline,
                  IiifService& iiif);

    // info.json: `base_uri` is the thumbnail service's base as the client reached it.
    core::Result<nlohmann::json> info(dialects::iiif::Version version,
                                      const dialects::iiif::IiifPath& path,
                                      const std::string& base_uri);
    // `full/{size}/0/default.jpg` where the size names one of the listed thumbnails (`max`
    // the largest): 400 for anything else a level 0 service does not offer, 404 for a size
    // that is not listed.
    core::Result<PreparedImage> prepare(dialects::iiif::Version version,
                                        const dialects::iiif::IiifPath& path);

  private:
    // The open thumbnail sizes of the asset, ascending.
    core::Result<std::vector<core::Size>> sizes(const std::string& identifier, core::Size& image);

    std::vector<std::string> thumbnail_sizes_;
    ImagePipeline& pipeline_;
    IiifService& iiif_;
};

} // namespace pictor::service
