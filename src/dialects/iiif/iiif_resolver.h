#pragma once
// Turns a parsed IIIF request into a Plan once the image size is known: clips the region,
// computes the output size, applies the upscaling rule and the server's max* limits, and
// builds the canonical URL parameters.
#include <set>
#include <string>

#include "core/result.h"
#include "dialects/iiif/iiif_request.h"
#include "plan/plan.h"

namespace pictor::dialects::iiif {

struct ResolveOptions {
    int max_width = 10000;
    int max_height = 10000;
    std::int64_t max_area = 0; // 0 = none
    bool upscaling = true;
    // `!w,h` larger than the region in 3.0 without `^`: false answers 400, as the IIIF image
    // validator requires (size_noup); true gives the region's size, the lenient reading some
    // sites' thumbnail clients rely on.
    bool clamp_confined = false;
    std::set<core::ImageFormat> formats; // writable formats
    // The access policy's square for `max` (0 = the limits only): `max` and `^max` are confined
    // to it, while explicit sizes are checked by the policy after resolving.
    int max_square = 0;
};

struct ResolvedRequest {
    plan::Plan plan;
    core::Size output;
    std::string canonical_params; // "full/max/0/default.jpg"
};

core::Result<ResolvedRequest> resolve(Version version, const ImageRequest& request,
                                      const std::string& source, core::Size image,
                                      const ResolveOptions& options);

// The size `max` gives for a region under the limits (never larger than the region).
core::Size confine_to_limits(core::Size region, const ResolveOptions& options);

} // namespace pictor::dialects::iiif
