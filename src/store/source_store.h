#pragma once
// The source image tree. Identifiers are paths relative to the root; resolve() is the only way
// from an identifier to a file, and no identifier reaches a file outside the root.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace pictor::store {

// Names under the root that start with this are pictor's own (upload temp files): never served.
inline constexpr std::string_view kPrivatePrefix = ".pictor-";

// 400 for identifiers that try to leave the root or name a reserved file, 404 for empty.
core::Result<void> check_identifier(std::string_view identifier);

struct SourceFile {
    std::filesystem::path path; // canonical, inside the root
    std::uintmax_t bytes = 0;
    std::int64_t mtime_ns = 0;

    // Changes whenever the file is replaced or rewritten: part of every derivative's key.
    std::string version() const;
};

class SourceStore {
  public:
    explicit SourceStore(const std::filesystem::path& root);

    // 400 for identifiers that try to leave the root ("..", absolute, NUL, backslash),
    // 404 for anything that is not a regular file inside the root (symlinks out included).
    core::Result<SourceFile> resolve(std::string_view identifier) const;

    // The identifier of the one file in the identifier's folder whose name minus its extension
    // is the identifier's last segment ("123" -> "123.jpg"); nothing if none or several.
    std::optional<std::string> find_by_stem(std::string_view identifier) const;

    const std::filesystem::path& root() const { return root_; }

  private:
    core::Result<std::filesystem::path> canonical_inside_root(std::string_view identifier) const;

    std::filesystem::path root_;
    // identifier -> canonical path, so the hot path costs one lstat instead of a realpath walk
    // per request. A remembered path is used only while it is still a regular file (not a
    // symlink); anything else walks the path again. A parent folder swapped for a symlink is
    // not seen: that takes write access to the (trusted) image root.
    mutable std::mutex resolved_mutex_;
    mutable std::unordered_map<std::string, std::filesystem::path> resolved_;
};

} // namespace pictor::store
