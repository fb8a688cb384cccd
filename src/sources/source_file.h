#pragma once
// One source image as the rest of pictor sees it, whatever source it came from.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/random_access.h"

namespace pictor::sources {

struct SourceFile {
    std::filesystem::path path; // canonical, inside the root, or in the source cache
    std::uintmax_t bytes = 0;
    std::int64_t mtime_ns = 0;
    // Remote originals: the identifier (the policy and catalog key, since the path is the
    // source cache's) and the origin's version (its ETag, else the content's SHA-256).
    std::string remote_identifier;
    std::string origin_version;
    // A large remote original read by ranges (sources/ranged_object.h) instead of `path`.
    std::shared_ptr<const core::RandomAccessInput> ranged;

    // Changes whenever the file is replaced or rewritten: part of every derivative's key.
    std::string version() const;
    // The path, or the ranged original's URL: names the bytes for in-memory indexes.
    std::string location() const { return ranged ? ranged->name() : path.string(); }
};

} // namespace pictor::sources
