#pragma once
// The EXIF fields an operator chose to keep in answers (engine.keep_metadata, e.g. Copyright
// and Artist), taken from a source's EXIF block with libexif into a new block that holds nothing
// else: no GPS, no camera, no thumbnail.
#include <string>
#include <vector>

namespace pictor::engine::detail {

// A new EXIF block ("Exif\0\0" + TIFF structure, as libvips stores it) with only `fields` of
// `exif` (libvips' exif-data; `fields` are first-IFD tags by EXIF name, which config checks); empty
// when none of them is present or the block cannot be read.
std::string exif_subset(const std::string& exif, const std::vector<std::string>& fields);

} // namespace pictor::engine::detail
