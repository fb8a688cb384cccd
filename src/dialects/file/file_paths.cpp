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

namespace {

bool blank(char c) { return c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r'; }

// ASCII letters only: MediaWiki's first-letter rule for the titles a file store holds.
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The title without its namespace ("File:", "Image:", in any case) and without blanks around it.
std::string_view bare(std::string_view title) {
    while (!title.empty() && blank(title.front()))
        title.remove_prefix(1);
    while (!title.empty() && blank(title.back()))
        title.remove_suffix(1);
    for (std::string_view ns : {"file:", "image:"}) {
        if (title.size() <= ns.size()) continue;
        bool match = true;
        for (std::size_t i = 0; i < ns.size() && match; ++i)
            match = lower(title[i]) == ns[i];
        if (match) {
            title.remove_prefix(ns.size());
            while (!title.empty() && blank(title.front()))
                title.remove_prefix(1);
            break;
        }
    }
    return title;
}

} // namespace

std::string display_title(std::string_view title, bool capital_links) {
    std::string out;
    for (char c : bare(title)) { // '_' is a space, and a run of them one
        char d = blank(c) ? ' ' : c;
        if (d == ' ' && !out.empty() && out.back() == ' ') continue;
        out.push_back(d);
    }
    if (capital_links && !out.empty()) out[0] = upper(out[0]);
    return out;
}

std::vector<std::string> title_candidates(std::string_view title, bool capital_links) {
    std::string as_is(bare(title)), spaced = display_title(title, false);
    std::string underscored = spaced;
    std::replace(underscored.begin(), underscored.end(), ' ', '_');
    std::vector<std::string> out;
    auto add = [&](std::string name) {
        if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(std::move(name));
    };
    for (const auto& name : {as_is, spaced, underscored})
        add(name);
    // With $wgCapitalLinks the first letter's case is not part of the title: a store may hold
    // the file under either.
    if (capital_links)
        for (const auto& name : {as_is, spaced, underscored})
            for (auto first : {upper, lower}) {
                std::string other = name;
                if (!other.empty()) other[0] = first(other[0]);
                add(std::move(other));
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
