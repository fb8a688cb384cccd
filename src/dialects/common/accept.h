#pragma once
// Picks an output format from an HTTP Accept header (RFC 9110 §12.5.1). The last candidate is
// the safe fallback (JPEG) and matches wildcards (`image/*`, `*/*`); the others must be named
// explicitly, because a client that says only `*/*` may not decode AVIF. Highest q-value wins,
// ties go to the earlier candidate (the server's preference), `q=0` excludes. No header, or
// nothing acceptable: the fallback.
#include <string_view>
#include <vector>

#include "core/image_format.h"

namespace pictor::dialects {

core::ImageFormat negotiate_format(std::string_view accept,
                                   const std::vector<core::ImageFormat>& candidates);

} // namespace pictor::dialects
