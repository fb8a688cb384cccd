#pragma once
// Where every source image comes from. Identifiers are paths relative to the image root;
// remote sources are mounted under a prefix ("web/", "s3/"), and an identifier under a mount is
// resolved by that source. resolve() is the only way from an identifier to a file, and no
// identifier reaches a file outside the root or the source cache.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include "core/result.h"
#include "sources/origin_registry.h"
#include "sources/source.h"
#include "sources/source_file.h"

namespace pictor::sources {

// Names under the root that start with this are pictor's own (upload temp files): never served.
inline constexpr std::string_view kPrivatePrefix = ".pictor-";

// 400 for identifiers that try to leave the root or name a reserved file, 404 for empty.
core::Result<void> check_identifier(std::string_view identifier);

class SourceStore {
  public:
    explicit SourceStore(const std::filesystem::path& root);
    ~SourceStore();

    // Identifiers starting with `prefix` (which ends in '/'; "/" alone: every identifier) come
    // from `source`; the first mount that matches wins, before the local tree. Called before
    // serving starts.
    void mount(std::string prefix, std::unique_ptr<Source> source);
    // Identifiers in `registry` come from their registered origin, through `source`, before
    // any mount or local file. Called before serving starts; `registry` outlives the store.
    void use_origins(const OriginRegistry& registry, std::unique_ptr<Source> source);
    // Each source ("local" first, then "web/ (http)", …: no URLs, the answer may be public)
    // and whether it can be reached now, for /readyz.
    std::vector<std::pair<std::string, core::Result<void>>> reachability() const;
    // Each remote mount's prefix and its origin requests so far.
    std::vector<std::pair<std::string, FetchStats>> fetch_stats() const;
    // A remote identifier's file when its source has it fresh (no origin request needed);
    // nothing otherwise, and for local identifiers. Safe on a network thread.
    std::optional<SourceFile> resolve_cached(std::string_view identifier) const;
    // Whether the identifier is under a remote mount or has a registered origin.
    bool remote(std::string_view identifier) const;

    // 400 for identifiers that try to leave the root ("..", absolute, NUL, backslash),
    // 404 for anything that is not a regular file inside the root (symlinks out included).
    core::Result<SourceFile> resolve(std::string_view identifier) const;
    // Whether a local identifier still resolves to `was` (the same path, size and modification
    // time), told from the remembered path and one stat with nothing allocated: how an answer
    // remembered for the identifier is checked on every request. False for remote identifiers
    // and whenever resolve() would walk the path again.
    bool unchanged(std::string_view identifier, const SourceFile& was) const;

    // The identifier of the one file in the identifier's folder whose name minus its extension
    // is the identifier's last segment ("123" -> "123.jpg"); nothing if none or several.
    std::optional<std::string> find_by_stem(std::string_view identifier) const;

    const std::filesystem::path& root() const { return root_; }
    // The identifiers of the image files under the root (by extension; hidden folders such as
    // .pictor-tmp and symlinks left out), sorted; at most `max_entries` directory entries are
    // read, so a vast archive costs a bounded walk (`complete` says whether it was whole).
    struct Listing {
        std::vector<std::string> identifiers;
        bool complete = true;
    };
    Listing local_identifiers(std::size_t max_entries) const;
    // One folder of the local tree ("" = the root): the identifiers of its image files and of
    // its sub-folders, each sorted by name; hidden entries and symlinks left out, at most
    // `max_entries` entries read. 400 for identifiers that try to leave the root, 404 for
    // anything that is not a real folder inside it (source_folders.cpp).
    struct Folder {
        std::vector<std::string> images;
        std::vector<std::string> folders;
        bool complete = true;
    };
    core::Result<Folder> folder(std::string_view identifier, std::size_t max_entries) const;

  private:
    core::Result<std::filesystem::path> canonical_inside_root(std::string_view identifier) const;
    // lstat() of a canonical path, from the root's descriptor when the path is under the root.
    int lstat_local(const std::filesystem::path& real, struct stat& st) const;

    std::filesystem::path root_;
    int root_fd_ = -1; // the root folder (O_PATH), for lstat_local()
    std::vector<std::pair<std::string, std::unique_ptr<Source>>> mounts_;
    const OriginRegistry* origins_ = nullptr;
    std::unique_ptr<Source> origin_source_;
    // identifier -> canonical path, so the hot path costs one lstat instead of a realpath walk
    // per request. A remembered path is used only while it is still a regular file (not a
    // symlink); anything else walks the path again. A parent folder swapped for a symlink is
    // not seen: that takes write access to the (trusted) image root.
    struct IdentifierHash { // looked up by string_view: no key string per request
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    mutable std::mutex resolved_mutex_;
    mutable std::unordered_map<std::string, std::filesystem::path, IdentifierHash, std::equal_to<>>
        resolved_;
};

} // namespace pictor::sources
