#include "dialects/iiif/dlcs_path.h"

#include "core/percent.h"

namespace pictor::dialects::iiif {
namespace {

using core::Error;
using core::Result;

bool matches(const std::string& rule, std::string_view value) {
    return rule == "*" || rule == value;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

// A customer or space taken from a URL: one plain segment.
bool plain_segment(std::string_view s) {
    if (s.empty() || s == "." || s == ".." || s.size() > 128) return false;
    for (unsigned char c : s)
        if (c < 0x21 || c == '\\' || c == '%' || c == 0x7f) return false;
    return true;
}

} // namespace

std::optional<std::string> DlcsSpaces::identifier(std::string_view customer, std::string_view space,
                                                  std::string_view image) const {
    if (!plain_segment(customer) || !plain_segment(space) || image.empty()) return std::nullopt;
    for (const auto& rule : rules_) {
        if (!matches(rule.customer, customer) || !matches(rule.space, space)) continue;
        std::string folder = rule.folder;
        replace_all(folder, "{customer}", customer);
        replace_all(folder, "{space}", space);
        return folder.empty() ? std::string(image) : folder + "/" + std::string(image);
    }
    return std::nullopt;
}

Result<DlcsPath> split_dlcs_path(std::string_view rest, const DlcsSpaces& spaces) {
    DlcsPath out;
    if (rest.starts_with("v2/") || rest.starts_with("v3/")) {
        out.version = rest[1] == '2' ? Version::V2 : Version::V3;
        out.slug = std::string(rest.substr(0, 3));
        rest.remove_prefix(3);
    }
    auto first = rest.find('/');
    auto second = first == std::string_view::npos ? first : rest.find('/', first + 1);
    if (second == std::string_view::npos)
        return Error::not_found("DLCS paths are {customer}/{space}/{image}/…");
    std::string_view customer = rest.substr(0, first);
    std::string_view space = rest.substr(first + 1, second - first - 1);
    auto path = split_iiif_path(rest.substr(second + 1));
    if (!path) return path.error();
    // The image is one name in the space's folder; an encoded '/' cannot climb out of it,
    // and the store refuses anything that leaves the image root anyway.
    if (path->identifier.find('/') != std::string::npos || path->identifier == "." ||
        path->identifier == "..")
        return Error::not_found("DLCS images are single names within a space");
    auto identifier = spaces.identifier(customer, space, path->identifier);
    if (!identifier)
        return Error::not_found("no space " + std::string(customer) + "/" + std::string(space));
    path->identifier = std::move(*identifier);
    path->as_sent.clear(); // the space's folder comes from the configuration, not the path
    path->raw_identifier = std::string(rest.substr(0, second + 1)) + path->raw_identifier;
    out.iiif = std::move(*path);
    return out;
}

} // namespace pictor::dialects::iiif
