#pragma once
// A source file's bytes without its metadata, for originals handed out whole
// (expose.originals = "stripped"): no EXIF beyond the orientation and the fields the operator
// keeps (engine.keep_metadata), no XMP, IPTC/Photoshop blocks, comments, text chunks, embedded
// previews or trailing data. JPEG, PNG and WebP keep their compressed pixels byte for byte
// (only whole metadata segments, chunks or RIFF chunks are left out); other formats are saved
// again by libvips losslessly, so their decoded pixels are the same.
#include <string>
#include <vector>

#include "core/image_format.h"
#include "core/result.h"

namespace pictor::engine::detail {

// `keep_exif`: first-IFD EXIF tag names kept ("Orientation", "Copyright"). SourceCorrupt when
// the file's structure cannot be walked.
core::Result<std::string> strip_jpeg_metadata(std::string_view jpeg,
                                              const std::vector<std::string>& keep_exif);
core::Result<std::string> strip_png_metadata(std::string_view png);
// WebP: through libwebpmux (webp_metadata.h), keeping the chosen EXIF fields.
core::Result<std::string> strip_webp_source_metadata(std::string webp,
                                                     const std::vector<std::string>& keep_exif);

} // namespace pictor::engine::detail
