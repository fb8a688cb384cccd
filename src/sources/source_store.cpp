#include "sources/source_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include <sys/stat.h>

#include "core/image_format.h"
#include "core/text.h"

namespace pictor::sources {
namespace {

using core::Error;
using core::Result;

constexpr std::size_t kMaxIdentifier = 1024;

} // namespace

Result<void> check_identifier(std::string_view id) {
    if (id.empty()) return Error::not_found("empty identifier");
    if (id.size() > kMaxIdentifier) return Error::bad_request("identifier too long");
    if (id.front() == '/') return Error::bad_request("invalid identifier: absolute path");
    for (unsigned char c : id)
        if (c < 0x20 || c == 0x7f || c == '\\')
            return Error::bad_request("invalid identifier: control character or backslash");
    std::size_t start = 0;
    while (start <= id.size()) {
        auto end = id.find('/', start);
        if (end == std::string_view::npos) end = id.size();
        auto seg = id.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..")
            return Error::bad_request("invalid identifier: empty, '.' or '..' path segment");
        if (seg.starts_with(kPrivatePrefix))
            return Error::bad_request("invalid identifier: reserved name");
        start = end + 1;
    }
    return {};
}

std::string SourceFile::version() const {
    std::string v = std::to_string(mtime_ns) + "-" + std::to_string(bytes);
    return origin_version.empty() ? v : v + "-" + origin_version;
}

SourceStore::SourceStore(const std::filesystem::path& root) {
    std::error_code ec;
    root_ = std::filesystem::canonical(root, ec);
    if (ec) root_ = std::filesystem::absolute(root);
    root_fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int SourceStore::lstat_local(const std::filesystem::path& real, struct stat& st) const {
    // From the root's descriptor the kernel walks only the part below the root: a stat of a
    // photo two folders down costs about half what the whole path's walk does.
    const std::string& whole = real.native();
    const std::string& root = root_.native();
    std::size_t skip = root.size() + (root.ends_with('/') ? 0 : 1);
    if (root_fd_ >= 0 && whole.size() > skip && whole.starts_with(root) && whole[skip - 1] == '/')
        return ::fstatat(root_fd_, whole.c_str() + skip, &st, AT_SYMLINK_NOFOLLOW);
    return ::lstat(whole.c_str(), &st);
}

bool SourceStore::unchanged(std::string_view identifier, const SourceFile& was) const {
    {
        std::lock_guard lock(resolved_mutex_);
        auto it = resolved_.find(identifier);
        if (it == resolved_.end() || it->second.native() != was.path.native()) return false;
    }
    struct stat st {};
    if (lstat_local(was.path, st) != 0 || !S_ISREG(st.st_mode)) return false;
    return static_cast<std::uintmax_t>(st.st_size) == was.bytes &&
           static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec ==
               was.mtime_ns;
}

Result<std::filesystem::path>
SourceStore::canonical_inside_root(std::string_view identifier) const {
    std::error_code ec;
    auto real = std::filesystem::canonical(root_ / std::filesystem::path(identifier), ec);
    if (ec) return Error::not_found("no image with identifier '" + std::string(identifier) + "'");
    // A symlink may point anywhere; only what ends up inside the root is served.
    auto rel = real.lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..")
        return Error::not_found("no image with identifier '" + std::string(identifier) + "'");
    return real;
}

SourceStore::~SourceStore() {
    if (root_fd_ >= 0) ::close(root_fd_);
}

void SourceStore::mount(std::string prefix, std::unique_ptr<Source> source) {
    if (prefix == "/") prefix.clear(); // every identifier starts with ""
    mounts_.emplace_back(std::move(prefix), std::move(source));
}

void SourceStore::use_origins(const OriginRegistry& registry, std::unique_ptr<Source> source) {
    origins_ = &registry;
    origin_source_ = std::move(source);
}

std::vector<std::pair<std::string, Result<void>>> SourceStore::reachability() const {
    std::vector<std::pair<std::string, Result<void>>> out;
    std::error_code ec;
    // Listed and entered, as a lookup does (a folder that lost its read or search permission, or
    // a mount that went away, fails here).
    Result<void> local =
        !std::filesystem::is_directory(root_, ec) ? Result<void>(Error::failure("not a directory"))
        : ::access(root_.c_str(), R_OK | X_OK) != 0 ? Result<void>(Error::failure("not readable"))
                                                    : Result<void>();
    out.emplace_back("local", std::move(local));
    for (const auto& [prefix, source] : mounts_) {
        std::string kind = source->describe();
        out.emplace_back((prefix.empty() ? "/" : prefix) + " (" + kind.substr(0, kind.find(' ')) +
                             ")",
                         source->reachable());
    }
    return out;
}

std::vector<std::pair<std::string, FetchStats>> SourceStore::fetch_stats() const {
    std::vector<std::pair<std::string, FetchStats>> out;
    for (const auto& [prefix, source] : mounts_)
        if (auto s = source->fetch_stats()) out.emplace_back(prefix.empty() ? "/" : prefix, *s);
    if (origin_source_)
        if (auto s = origin_source_->fetch_stats()) out.emplace_back("registered", *s);
    return out;
}

std::optional<SourceFile> SourceStore::resolve_cached(std::string_view identifier) const {
    if (!check_identifier(identifier)) return std::nullopt;
    std::optional<SourceFile> file;
    if (auto origin = origins_ ? origins_->find(identifier) : std::nullopt)
        file = origin_source_->resolve_cached(*origin);
    else
        for (const auto& [prefix, source] : mounts_)
            if (identifier.starts_with(prefix)) {
                file = source->resolve_cached(identifier.substr(prefix.size()));
                break;
            }
    if (file) file->remote_identifier = std::string(identifier);
    return file;
}

bool SourceStore::remote(std::string_view identifier) const {
    if (origins_ && origins_->find(identifier)) return true;
    for (const auto& mount : mounts_)
        if (identifier.starts_with(mount.first)) return true;
    return false;
}

Result<SourceFile> SourceStore::resolve(std::string_view identifier) const {
    if (auto r = check_identifier(identifier); !r) return r.error();
    if (origins_)
        if (auto origin = origins_->find(identifier)) {
            auto file = origin_source_->resolve(*origin);
            if (file) file->remote_identifier = std::string(identifier);
            return file;
        }
    for (const auto& [prefix, source] : mounts_)
        if (identifier.starts_with(prefix)) {
            auto file = source->resolve(identifier.substr(prefix.size()));
            if (file) file->remote_identifier = std::string(identifier);
            return file;
        }
    std::filesystem::path real;
    struct stat st {};
    {
        std::lock_guard lock(resolved_mutex_);
        if (auto it = resolved_.find(identifier); it != resolved_.end()) real = it->second;
    }
    if (real.empty() || lstat_local(real, st) != 0 || !S_ISREG(st.st_mode)) {
        auto walked = canonical_inside_root(identifier);
        if (!walked) return walked.error();
        real = std::move(*walked);
        if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            return Error::not_found("no image with identifier '" + std::string(identifier) + "'");
        std::lock_guard lock(resolved_mutex_);
        if (resolved_.size() >= 65536) resolved_.clear(); // bounded; refilled on demand
        resolved_.insert_or_assign(std::string(identifier), real);
    }
    SourceFile f;
    f.path = std::move(real);
    f.bytes = static_cast<std::uintmax_t>(st.st_size);
    f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return f;
}

std::optional<std::string> SourceStore::find_by_stem(std::string_view identifier) const {
    if (!check_identifier(identifier)) return std::nullopt;
    for (const auto& mount : mounts_) // remote listings are not searched
        if (identifier.starts_with(mount.first)) return std::nullopt;
    auto slash = identifier.rfind('/');
    std::string folder(slash == std::string_view::npos ? "" : identifier.substr(0, slash + 1));
    std::string stem(identifier.substr(folder.size()));
    std::error_code ec;
    std::optional<std::string> match;
    int seen = 0;
    // Bounded: a folder of millions of files must not turn a miss into a long scan.
    for (auto it = std::filesystem::directory_iterator(root_ / folder, ec);
         !ec && it != std::filesystem::directory_iterator() && ++seen <= 100000; it.increment(ec)) {
        auto name = it->path().filename();
        if (name.has_extension() && name.stem().string() == stem) {
            if (match) return std::nullopt; // ambiguous
            match = folder + name.string();
        }
    }
    return match;
}

SourceStore::Listing SourceStore::local_identifiers(std::size_t max_entries) const {
    namespace fs = std::filesystem;
    Listing out;
    std::error_code ec;
    std::size_t seen = 0;
    for (auto it = fs::recursive_directory_iterator(root_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (++seen > max_entries) {
            out.complete = false;
            break;
        }
        auto name = it->path().filename().string();
        if (name.starts_with(".")) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
        auto ext = it->path().extension().string();
        if (ext.size() < 2 || !core::format_from_extension(core::to_lower(ext.substr(1)))) continue;
        out.identifiers.push_back(fs::relative(it->path(), root_, ec).generic_string());
    }
    std::sort(out.identifiers.begin(), out.identifiers.end());
    return out;
}

} // namespace pictor::sources
