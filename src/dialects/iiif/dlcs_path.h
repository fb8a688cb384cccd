#pragma once
// DLCS (Digirati's IIIF Cloud Services) delivery URLs, so a DLCS manifest's links work against
// pictor: `/iiif-img/[v2/|v3/]{customer}/{space}/{image}/…` (the image service),
// `/thumbs/[v2/|v3/]{customer}/{space}/{image}/…` (level 0 thumbnails) and
// `/auth/v2/probe/{customer}/{space}/{image}`. The configured dlcs.spaces rules map a customer
// and space to a folder below the image root; the image is a file in it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "dialects/iiif/iiif_path.h"
#include "dialects/iiif/iiif_request.h"

namespace pictor::dialects::iiif {

class DlcsSpaces {
  public:
    explicit DlcsSpaces(std::vector<config::DlcsSpace> rules) : rules_(std::move(rules)) {}

    // The pictor identifier of `image` in customer/space; nothing when no rule names them.
    std::optional<std::string> identifier(std::string_view customer, std::string_view space,
                                          std::string_view image) const;

  private:
    std::vector<config::DlcsSpace> rules_;
};

struct DlcsPath {
    std::optional<Version> version; // the v2/ or v3/ slug, if the URL has one
    std::string slug;               // "v2/", "v3/" or ""
    // The IIIF part: raw_identifier is "{customer}/{space}/{image}" as sent (the service's
    // address after the prefix and slug, and DLCS's probe address), identifier pictor's.
    IiifPath iiif;
};

// `rest` follows "/iiif-img/" or "/thumbs/". 404 when the customer and space match no rule.
core::Result<DlcsPath> split_dlcs_path(std::string_view rest, const DlcsSpaces& spaces);

} // namespace pictor::dialects::iiif
