#include "dialects/file/file_paths.h"

#include <algorithm>
#include <charconv>

#include "core/percent.h"

namespace pictor::dialects::file {
namespace {

using core::Error;
using core::Result;

Result<std::string> identifier_segment(std::string_view raw) {
    if (raw.empty()) return Error::not_found("no file named");
    auto decoded = core::percent_decode(raw);
    if (!decoded) return Error::bad_request("malformed percent-encoding in the file name");
    return *decoded;
}

} // namespace

Result<FilePath> parse_file_path(std::string_view rest) {
    FilePath p;
    constexpr std::string_view kThumbnails = "/thumbnails";
    if (rest.size() > kThumbnails.size() &&
        rest.substr(rest.size() - kThumbnails.size()) == kThumbnails) {
        p.kind = FilePath::Kind::Thumbnails;
        rest.remove_suffix(kThumbnails.size());
    }
    if (rest.find('/') != std::string_view::npos)
        return Error::not_found("no such file resource (send '/' inside a name as %2F)");
    auto id = identifier_segment(rest);
    if (!id) return id.error();
    p.identifier = std::move(*id);
    return p;
}

Result<FilePath> parse_thumb_path(std::string_view rest) {
    auto slash = rest.find('/');
    if (slash == std::string_view::npos || rest.find('/', slash + 1) != std::string_view::npos)
        return Error::not_found("thumbnail paths are /thumb/{file}/{width}px-{name}");
    FilePath p;
    p.kind = FilePath::Kind::Thumb;
    auto id = identifier_segment(rest.substr(0, slash));
    if (!id) return id.error();
    p.identifier = std::move(*id);
    std::string_view file = rest.substr(slash + 1);
    auto px = file.find("px-");
    int w = 0;
    auto [end, ec] =
        std::from_chars(file.data(), file.data() + (px == std::string_view::npos ? 0 : px), w);
    if (px == std::string_view::npos || px == 0 || ec != std::errc{} || end != file.data() + px ||
        w <= 0)
        return Error::bad_request("thumbnail file names are {width}px-{name}");
    p.width = w;
    auto name = core::percent_decode(file.substr(px + 3));
    if (!name) return Error::bad_request("malformed percent-encoding in the file name");
    p.file_name = std::move(*name);
    return p;
}

Result<FilePath> parse_original_path(std::string_view rest) {
    if (rest.find('/') != std::string_view::npos)
        return Error::not_found("no such file (send '/' inside a name as %2F)");
    FilePath p;
    p.kind = FilePath::Kind::Original;
    auto id = identifier_segment(rest);
    if (!id) return id.error();
    p.identifier = std::move(*id);
    return p;
}

std::vector<std::string> title_candidates(std::string_view title) {
    for (std::string_view ns : {"File:", "file:", "Image:", "image:"})
        if (title.starts_with(ns) && title.size() > ns.size()) {
            title.remove_prefix(ns.size());
            break;
        }
    std::string as_is(title), spaced(title), underscored(title);
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    std::replace(underscored.begin(), underscored.end(), ' ', '_');
    std::vector<std::string> out;
    auto add = [&](std::string name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    };
    for (const auto& name : {as_is, spaced, underscored})
        add(name);
    for (const auto& name : {as_is, spaced, underscored}) {
        std::string capital = name;
        if (!capital.empty() && capital[0] >= 'a' && capital[0] <= 'z')
            capital[0] = static_cast<char>(capital[0] - 'a' + 'A');
        add(std::move(capital));
    }
    return out;
}

bool same_title(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] == '_' ? ' ' : a[i], y = b[i] == '_' ? ' ' : b[i];
        if (x != y) return false;
    }
    return true;
}

} // namespace pictor::dialects::file
