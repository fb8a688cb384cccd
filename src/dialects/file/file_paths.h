#pragma once
// Paths of the file REST API: /v1/file/{id}, /v1/file/{id}/thumbnails, /thumb/{id}/{W}px-{name},
// /original/{id}. {id} is one percent-encoded segment ("%2F" for "/").
#include <string>
#include <string_view>

#include "core/result.h"

namespace pictor::dialects::file {

struct FilePath {
    enum class Kind { Info, Thumbnails, Thumb, Original } kind = Kind::Info;
    std::string identifier; // decoded
    int width = 0;          // Thumb: the W of "{W}px-"
    std::string file_name;  // Thumb: the "{name}" part
};

// `rest` is the path after the route's prefix ("/v1/file/", "/thumb/", "/original/").
core::Result<FilePath> parse_file_path(std::string_view rest);
core::Result<FilePath> parse_thumb_path(std::string_view rest);
core::Result<FilePath> parse_original_path(std::string_view rest);

} // namespace pictor::dialects::file
