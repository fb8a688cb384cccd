#include "dialects/iiif/iiif_path.h"

#include <algorithm>
#include <vector>

#include "core/percent.h"

namespace pictor::dialects::iiif {
namespace {

using core::Error;
using core::Result;

std::vector<std::string_view> split_slash(std::string_view s) {
    std::vector<std::string_view> parts;
    // One allocation: as many parts as slashes and one.
    parts.reserve(static_cast<std::size_t>(std::count(s.begin(), s.end(), '/')) + 1);
    std::size_t start = 0;
    while (true) {
        auto pos = s.find('/', start);
        parts.push_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

std::string join(const std::vector<std::string_view>& parts, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out.push_back('/');
        out.append(parts[i]);
    }
    return out;
}

Result<std::string> decoded(std::string_view s) { return core::percent_decode(s); }

} // namespace

Result<IiifPath> split_iiif_path(std::string_view rest) {
    if (rest.empty()) return Error::not_found("no identifier given");
    auto parts = split_slash(rest);
    IiifPath p;
    std::size_t id_segments = parts.size();
    if (parts.size() >= 2 && parts.back() == "info.json") {
        p.kind = IiifPath::Kind::Info;
        id_segments = parts.size() - 1;
    } else if (parts.size() >= 5 && parts.back().find('.') != std::string_view::npos) {
        p.kind = IiifPath::Kind::Image;
        id_segments = parts.size() - 4;
        const std::string_view* params = &parts[id_segments];
        std::string* fields[] = {&p.region, &p.size, &p.rotation, &p.quality_format};
        for (int i = 0; i < 4; ++i) {
            auto d = decoded(params[i]);
            if (!d) return d.error();
            *fields[i] = std::move(*d);
        }
    } else if (!parts.empty() && parts.back().empty()) {
        id_segments = parts.size() - 1; // trailing slash on the base URI
    }
    p.raw_identifier = join(parts, id_segments);
    if (p.raw_identifier.empty()) return Error::not_found("no identifier given");
    auto id = decoded(p.raw_identifier);
    if (!id) return id.error();
    p.identifier = std::move(*id);
    if (p.kind == IiifPath::Kind::Image) p.as_sent = std::string(rest);
    return p;
}

} // namespace pictor::dialects::iiif
