#pragma once
// Removes the EXIF and XMP chunks from an encoded WebP with libwebpmux. libvips 8.14's
// webpsave writes an EXIF chunk whatever `strip` says (rebuilt from the image's resolution
// and orientation even when every metadata field was removed), so WebP answers are cleaned
// after encoding.
#include <string>

#include "core/result.h"

namespace pictor::engine::detail {

// `keep_exif` (a TIFF-structured EXIF block, may be empty) becomes the answer's EXIF chunk.
core::Result<std::string> strip_webp_metadata(std::string webp, const std::string& keep_exif = {});

} // namespace pictor::engine::detail
