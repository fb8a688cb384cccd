#pragma once
// The converter's metadata document: dimensions, format, and the EXIF, GPS, File and
// Header groups of tag name -> text, from the fields libvips reads.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry.h"
#include "core/image_format.h"

namespace pictor::service {

struct UploadFacts {
    core::Size size; // as displayed
    core::ImageFormat format = core::ImageFormat::Jpeg;
    std::int64_t bytes = 0;
    std::int64_t modified_s = 0;
};

nlohmann::json converter_metadata(const UploadFacts& facts,
                                  const std::vector<std::pair<std::string, std::string>>& fields);

} // namespace pictor::service
