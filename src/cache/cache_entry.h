#pragma once
// The on-disk form of one derivative: a fixed header (magic, size, format, payload length,
// CRC-32 of header fields and payload) followed by the encoded image. decode_cache_entry()
// refuses anything truncated, padded or altered.
#include <optional>
#include <string>
#include <string_view>

#include "cache/cached_image.h"

namespace pictor::cache {

std::string encode_cache_entry(const CachedImage& image);
std::optional<CachedImage> decode_cache_entry(std::string_view file);

} // namespace pictor::cache
