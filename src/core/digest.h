#pragma once
// SHA-256 digests (OpenSSL) as lowercase hex: the content hash of a source file, and the keys
// of derived things (a derivative is named by the hash of its source's hash and its plan).
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::core {

std::string sha256_hex(std::string_view bytes);
// Streams the file; 500-class error if it cannot be read to the end.
core::Result<std::string> sha256_file(const std::filesystem::path& path);

} // namespace pictor::core
