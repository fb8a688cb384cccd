#pragma once
// Paths of the file REST API: /v1/file/{id}, /v1/file/{id}/thumbnails, /thumb/{id}/{W}px-{name},
// /original/{id}. {id} is one percent-encoded segment ("%2F" for "/").
#include <string>
#include <string_view>
#include <vector>

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

// MediaWiki's normalised display title: blanks around it and the "File:"/"Image:" namespace (in
// any case) dropped, '_' read as a space and a run of spaces as one, and with $wgCapitalLinks
// (`capital_links`) the first letter upper-cased: " file:under_score.jpg" -> "Under score.jpg".
std::string display_title(std::string_view title, bool capital_links);
// The store names a title may stand for, in the order to try them: as written (without its
// namespace and blanks around it), with '_' read as a space, with spaces as '_', and with
// `capital_links` each with its first letter in either case. No duplicates.
std::vector<std::string> title_candidates(std::string_view title, bool capital_links);
// Whether two file names are the same title ('_' and ' ' alike).
bool same_title(std::string_view a, std::string_view b);

} // namespace pictor::dialects::file
