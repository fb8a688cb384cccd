#pragma once
// Applies an asset's size policy to a compiled Plan: every dialect calls this after building
// its Plan and before any cache lookup or decoding, so no endpoint hands out pixels IIIF would
// refuse for the same asset and viewer.
#include <string>
#include <vector>

#include "plan/plan.h"
#include "policy/asset_policy.h"
#include "service/image_service.h"

namespace pictor::service {

// The thumbnail sizes of an image under the policy's thumbnail bound (none when it has no
// public thumbnails), ascending. `specs` are IIIF sizes like "!400,400".
std::vector<core::Size> public_thumbnail_sizes(const policy::SizePolicy& policy, core::Size image,
                                               const std::vector<std::string>& specs);

// Does the plan show the whole image (no step crops any of it away)?
bool full_region(const plan::Plan& plan, core::Size image);

// `thumbnail_specs` give the public sizes, worked out only when the viewer may not see all.
core::Result<void> authorise_plan(const policy::SizePolicy& policy, const policy::Viewer& viewer,
                                  policy::ImageServiceKind service, const plan::Plan& plan,
                                  core::Size image,
                                  const std::vector<std::string>& thumbnail_specs);

// The identifier of a source as the catalog knows it: its path relative to the image root.
std::string catalog_id(const SourceHandle& source, const ImageService& images);

} // namespace pictor::service
