#pragma once
// One encoded derivative as the caches hold it: what the disk form (cache/cache_entry.h) and the
// derivative cache (cache/derivative_cache.h) both speak, so neither includes the other.
#include <string>

#include "core/geometry.h"
#include "core/image_format.h"

namespace pictor::cache {

struct CachedImage {
    std::string bytes;
    core::ImageFormat format = core::ImageFormat::Jpeg;
    core::Size size;
};

} // namespace pictor::cache
