#pragma once
// What the access policy needs to know about a compiled Plan, and the public thumbnail sizes
// the policy allows: shared by the image pipeline, info.json and the background renderer.
#include <string>
#include <vector>

#include "plan/plan.h"
#include "policy/asset_policy.h"

namespace pictor::service {

// The thumbnail sizes of an image under the policy's thumbnail bound (none when it has no
// public thumbnails), ascending. `specs` are IIIF sizes like "!400,400".
std::vector<core::Size> public_thumbnail_sizes(const policy::SizePolicy& policy, core::Size image,
                                               const std::vector<std::string>& specs);

// Does the plan show the whole image (no step crops any of it away)?
bool full_region(const plan::Plan& plan, core::Size image);

} // namespace pictor::service
