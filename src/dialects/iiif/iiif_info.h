#pragma once
// The info.json documents of IIIF Image API 3.0 and 2.1.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry.h"
#include "dialects/iiif/iiif_request.h"
#include "dialects/iiif/iiif_resolver.h"

namespace pictor::dialects::iiif {

struct InfoInput {
    std::string id; // the base URI exactly as the client reached it
    core::Size image;
    int tile_size = 512;
    std::vector<std::string> thumbnail_sizes; // IIIF size strings, e.g. "!400,400"
    ResolveOptions limits;                    // max*, upscaling, formats
    // The listed sizes when the access policy decided them (instead of thumbnail_sizes).
    std::optional<std::vector<core::Size>> sizes;
    // When set, the tile levels go on down until the whole image at the coarsest one fits
    // this square: a client that may only have full-region answers up to it (a restricted
    // image's open part) can still draw that level, and finer ones once it has the rights.
    int coarsest_within = 0;
    // Services to declare (e.g. an AuthProbeService2); for 3.0 their context is added to
    // the top-level @context, before the image context.
    nlohmann::json services = nlohmann::json::array();
    std::string services_context;
};

nlohmann::json build_info(Version version, const InfoInput& in);

// Lists `services` in an info.json: in 3.0 `context` joins the top-level @context (before the
// image context); in 2.1 each service without its own @context gets `context`.
void add_services(nlohmann::json& info, Version version, const nlohmann::json& services,
                  const std::string& context);

// A level 0 service that offers only `sizes` of the image (DLCS's /thumbs/): no tiles, and
// maxWidth/maxHeight the largest of them, so `max` names the largest thumbnail.
nlohmann::json build_sizes_only_info(Version version, const std::string& id, core::Size image,
                                     const std::vector<core::Size>& sizes);

// Scale factors 1, 2, 4, ... down to the first level where the whole image fits one tile
// (and, when `within` > 0, fits that square too).
std::vector<int> scale_factors(core::Size image, int tile_size, int within = 0);

// The thumbnail sizes of the full image, no larger than the image or the limits, ascending.
std::vector<core::Size> listed_sizes(core::Size image, const std::vector<std::string>& specs,
                                     const ResolveOptions& limits);

} // namespace pictor::dialects::iiif
