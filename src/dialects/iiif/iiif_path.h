#pragma once
// Splits the part of a IIIF URL after the prefix ("/iiif/3/") into identifier and parameters.
// Identifiers should send '/' as %2F; an unencoded slash is still accepted, since the last four
// segments of an image request (or the last one of an info request) are always parameters.
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::dialects::iiif {

struct IiifPath {
    enum class Kind { Base, Info, Image };
    Kind kind = Kind::Base;
    std::string raw_identifier;                         // as sent, still percent-encoded (for `id`)
    std::string identifier;                             // percent-decoded
    std::string region, size, rotation, quality_format; // decoded, Image only
    // The path as sent (after the route's prefix) when it alone decides the request, so an
    // answer can be remembered under it and found again without parsing; empty when more does
    // (a DLCS path's space is looked up in the configuration).
    std::string as_sent;
};

core::Result<IiifPath> split_iiif_path(std::string_view rest);

} // namespace pictor::dialects::iiif
