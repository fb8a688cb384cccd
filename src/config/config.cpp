#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <optional>

#include "core/network.h"

namespace pictor::config {
namespace {

core::Error bad(const std::string& key, const std::string& why) {
    return core::Error::bad_request("configuration key '" + key + "': " + why);
}

} // namespace

core::Result<void> Config::validate_for_serving() const {
    std::error_code ec;
    if (!std::filesystem::is_directory(store.images, ec))
        return bad("store.images", "'" + store.images + "' is not a directory");
    return validate();
}

namespace {

// "name=123" -> {name, 123}; name is [a-z0-9_-]+.
std::optional<std::pair<std::string, int>> parse_named_size(const std::string& item) {
    auto eq = item.find('=');
    if (eq == 0 || eq == std::string::npos) return std::nullopt;
    std::string name = item.substr(0, eq);
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            return std::nullopt;
    int n = 0;
    auto v = std::string_view(item).substr(eq + 1);
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || end != v.data() + v.size() || n < 1) return std::nullopt;
    return std::pair{name, n};
}

std::optional<int> parse_step(const std::string& item) {
    int n = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (ec != std::errc{} || end != item.data() + item.size() || n < 1) return std::nullopt;
    return n;
}

// A DLCS customer or space as configured: a name or number, or `*`.
bool dlcs_name(std::string_view s) {
    if (s.empty() || s.size() > 128 || s == "." || s == "..") return false;
    return s.find_first_of("/\\=") == std::string_view::npos;
}

// A folder below the image root: relative, no "." or ".." segments, placeholders allowed.
bool relative_folder(std::string_view f) {
    if (f.empty()) return true;
    if (f.front() == '/' || f.back() == '/' || f.find('\\') != std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= f.size()) {
        auto end = f.find('/', start);
        auto segment = f.substr(start, end == std::string_view::npos ? f.npos : end - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return true;
}

// "CUSTOMER/SPACE=FOLDER".
std::optional<DlcsSpace> parse_dlcs_space(const std::string& item) {
    auto eq = item.find('=');
    if (eq == std::string::npos) return std::nullopt;
    auto slash = item.find('/');
    if (slash == std::string::npos || slash > eq) return std::nullopt;
    DlcsSpace s{item.substr(0, slash), item.substr(slash + 1, eq - slash - 1), item.substr(eq + 1)};
    if (!dlcs_name(s.customer) || !dlcs_name(s.space) || !relative_folder(s.folder))
        return std::nullopt;
    return s;
}

// "web/=https://host/base/" or "s3/=s3://bucket/prefix/": a prefix of relative path segments
// ending in '/', and a base URL of a kind pictor fetches.
std::optional<std::pair<std::string, std::string>> parse_remote_mount(const std::string& item) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq < 1) return std::nullopt;
    std::string prefix = item.substr(0, eq), url = item.substr(eq + 1);
    // "/" mounts every identifier (no local tree); else a relative folder ending in '/'.
    if (prefix.back() != '/' ||
        (prefix != "/" && !relative_folder(prefix.substr(0, prefix.size() - 1))))
        return std::nullopt;
    bool http = url.starts_with("http://") || url.starts_with("https://");
    bool s3 = url.starts_with("s3://") && url.size() > 5 && url[5] != '/';
    if (!(http || s3) || url.find_first_of(" \\") != std::string::npos) return std::nullopt;
    return std::pair{prefix, url};
}

bool kiosk_or_external_half_set(const std::vector<std::string>& roles,
                                const std::vector<std::string>& networks) {
    return roles.empty() != networks.empty();
}

} // namespace

std::vector<std::pair<std::string, int>> DisplayConfig::named_sizes() const {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& item : sizes)
        if (auto s = parse_named_size(item)) out.push_back(*s);
    return out;
}

std::vector<int> ThumbnailsConfig::widths() const {
    std::vector<int> out;
    for (const auto& item : steps)
        if (auto s = parse_step(item)) out.push_back(*s);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<DlcsSpace> DlcsConfig::parsed_spaces() const {
    std::vector<DlcsSpace> out;
    for (const auto& item : spaces)
        if (auto s = parse_dlcs_space(item)) out.push_back(std::move(*s));
    return out;
}

std::vector<std::pair<std::string, std::string>> RemoteConfig::mounts() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : sources)
        if (auto m = parse_remote_mount(item)) out.push_back(std::move(*m));
    return out;
}

std::string Config::source_cache_dir() const {
    return remote.cache_dir.empty() ? (std::filesystem::path(store.data) / "sources").string()
                                    : remote.cache_dir;
}

std::string Config::pyramid_dir() const {
    return pyramid.dir.empty() ? (std::filesystem::path(store.data) / "pyramids").string()
                               : pyramid.dir;
}

std::string Config::cache_dir() const {
    return cache.dir.empty() ? (std::filesystem::path(store.data) / "cache").string() : cache.dir;
}

std::string Config::catalog_path() const {
    return (std::filesystem::path(store.data) / "catalog.sqlite").string();
}

std::string Config::catalog_url() const {
    return catalog.url.empty() ? "sqlite:" + catalog_path() : catalog.url;
}

std::string Config::converter_dir() const {
    if (!converter.dir.empty()) return converter.dir;
    return (std::filesystem::path(store.data) / "converter").string();
}

std::optional<std::pair<std::string, int>> Config::ops_endpoint() const {
    return server.ops_endpoint();
}

std::optional<std::pair<std::string, int>> ServerConfig::ops_endpoint() const {
    const std::string& text = ops_listen;
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535) return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (port > 65535) return std::nullopt;
    return std::pair{host, port};
}

core::Result<void> Config::validate() const {
    for (const auto& field : engine.keep_metadata)
        if (field != "Copyright" && field != "Artist" && field != "ImageDescription")
            return bad("engine.keep_metadata",
                       "'" + field + "' cannot be kept: only Copyright, Artist, ImageDescription");
    if (!server.ops_listen.empty() && !ops_endpoint())
        return bad("ops.listen", "'" + server.ops_listen + "' is not host:port");
    for (const auto& item : display.sizes) {
        auto s = parse_named_size(item);
        if (!s) return bad("display.sizes", "'" + item + "' is not name=longest-edge");
        if (s->second > limits.max_width)
            return bad("display.sizes", "'" + item + "' exceeds limits.max_width");
    }
    for (const auto& item : thumbnails.steps) {
        auto s = parse_step(item);
        if (!s) return bad("thumbnails.steps", "'" + item + "' is not a positive width");
        if (*s > limits.max_width)
            return bad("thumbnails.steps", "'" + item + "' exceeds limits.max_width");
    }
    if (thumbnails.steps.empty()) return bad("thumbnails.steps", "needs at least one width");
    for (const auto& d : signing.required)
        if (d != "display" && d != "files" && d != "imaging" && d != "converter")
            return bad("signing.required",
                       "'" + d + "' is not display, files, imaging or converter");
    if (!signing.required.empty() && signing.keys.empty())
        return bad("signing.required", "signatures are required but signing.keys is empty");
    for (const auto& group : converter.anonymous)
        if (group != "read" && group != "write" && group != "admin")
            return bad("converter.anonymous", "'" + group + "' is not read, write or admin");
    if (imaging.transforms != "any" && imaging.transforms != "named" && imaging.transforms != "off")
        return bad("imaging.transforms", "'" + imaging.transforms + "' is not any, named or off");
    if (limits.max_output_pixels > limits.max_decoded_pixels)
        return bad("limits.max_output_pixels", "must not exceed limits.max_decoded_pixels");
    for (const auto& item : iiif.thumbnail_sizes)
        if (item.empty() || item.find_first_not_of("!0123456789,") != std::string::npos)
            return bad("iiif.thumbnail_sizes", "'" + item + "' is not a IIIF size like !400,400");
    if (kiosk_or_external_half_set(auth.kiosk_roles, auth.kiosk_networks))
        return bad("auth.kiosk_networks", "set both auth.kiosk_roles and auth.kiosk_networks");
    if (kiosk_or_external_half_set(auth.external_roles, auth.external_networks))
        return bad("auth.external_networks",
                   "set both auth.external_roles and auth.external_networks");
    for (const auto& item : remote.sources)
        if (!parse_remote_mount(item))
            return bad("remote.sources",
                       "'" + item +
                           "' is not PREFIX/=URL (a relative folder ending in '/', then an "
                           "http(s):// base URL or s3://bucket/prefix/)");
    if (auto nets = core::parse_networks(remote.allowed_networks); !nets)
        return bad("remote.allowed_networks", nets.error().message);
    for (const auto& item : dlcs.spaces)
        if (!parse_dlcs_space(item))
            return bad("dlcs.spaces", "'" + item +
                                          "' is not CUSTOMER/SPACE=FOLDER (a relative folder, "
                                          "`*` for any customer or space)");
    if (!cache.shared.empty() &&
        (!cache.shared.starts_with("s3://") || cache.shared.size() <= 5 || cache.shared[5] == '/' ||
         cache.shared.find_first_of(" \\?#%") != std::string::npos))
        return bad("cache.shared", "'" + cache.shared + "' is not s3://bucket/prefix/");
    if (iiif.tile_size > limits.max_width)
        return bad("iiif.tile_size", "must not exceed limits.max_width");
    return {};
}

} // namespace pictor::config
