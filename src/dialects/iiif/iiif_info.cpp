#include "dialects/iiif/iiif_info.h"

#include <algorithm>

#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/viewer_sizes.h"

namespace pictor::dialects::iiif {
namespace {

using nlohmann::json;

constexpr const char* kProtocol = "http://iiif.io/api/image";

std::vector<std::string> extra_formats(const ResolveOptions& limits) {
    std::vector<std::string> out;
    for (auto f : limits.formats)
        if (f != core::ImageFormat::Jpeg && f != core::ImageFormat::Png)
            out.emplace_back(core::extension(f));
    return out;
}

std::vector<std::string> all_formats(const ResolveOptions& limits) {
    std::vector<std::string> out{"jpg", "png"};
    for (auto& f : extra_formats(limits))
        out.push_back(f);
    return out;
}

json sizes_json(const InfoInput& in, const char* type) {
    json sizes = json::array();
    auto listed = in.sizes ? *in.sizes : listed_sizes(in.image, in.thumbnail_sizes, in.limits);
    auto fits = [&](core::Size s) {
        return s.width <= in.limits.max_width && s.height <= in.limits.max_height &&
               (in.limits.max_area <= 0 || s.area() <= in.limits.max_area);
    };
    for (auto s :
         sizes_for_viewers(std::move(listed), in.image,
                           scale_factors(in.image, in.tile_size, in.coarsest_within), fits)) {
        json item = {{"width", s.width}, {"height", s.height}};
        if (type) item["type"] = type;
        sizes.push_back(item);
    }
    return sizes;
}

json tiles_json(const InfoInput& in, const char* type) {
    json tile = {{"width", in.tile_size},
                 {"height", in.tile_size},
                 {"scaleFactors", scale_factors(in.image, in.tile_size, in.coarsest_within)}};
    if (type) tile["type"] = type;
    return json::array({tile});
}

json build_v3(const InfoInput& in) {
    json features = {"baseUriRedirect", "canonicalLinkHeader", "cors",         "jsonldMediaType",
                     "mirroring",       "profileLinkHeader",   "regionSquare", "rotationArbitrary"};
    if (in.limits.upscaling) features.push_back("sizeUpscaling");
    json info = {{"@context", "http://iiif.io/api/image/3/context.json"},
                 {"id", in.id},
                 {"type", "ImageService3"},
                 {"protocol", kProtocol},
                 {"profile", "level2"},
                 {"width", in.image.width},
                 {"height", in.image.height},
                 {"maxWidth", in.limits.max_width},
                 {"maxHeight", in.limits.max_height}};
    if (in.limits.max_area > 0) info["maxArea"] = in.limits.max_area;
    if (auto sizes = sizes_json(in, "Size"); !sizes.empty()) info["sizes"] = std::move(sizes);
    info["tiles"] = tiles_json(in, "Tile");
    add_services(info, Version::V3, in.services, in.services_context);
    info["extraQualities"] = {"color", "gray", "bitonal"};
    info["extraFormats"] = extra_formats(in.limits);
    info["extraFeatures"] = features;
    return info;
}

json build_v2(const InfoInput& in) {
    json supports = {"baseUriRedirect",
                     "canonicalLinkHeader",
                     "cors",
                     "jsonldMediaType",
                     "mirroring",
                     "profileLinkHeader",
                     "regionByPct",
                     "regionByPx",
                     "regionSquare",
                     "rotationArbitrary",
                     "rotationBy90s",
                     "sizeByConfinedWh",
                     "sizeByDistortedWh",
                     "sizeByH",
                     "sizeByPct",
                     "sizeByW",
                     "sizeByWh"};
    if (in.limits.upscaling) supports.push_back("sizeAboveFull");
    json details = {{"formats", all_formats(in.limits)},
                    {"qualities", {"default", "color", "gray", "bitonal"}},
                    {"supports", supports},
                    {"maxWidth", in.limits.max_width},
                    {"maxHeight", in.limits.max_height}};
    if (in.limits.max_area > 0) details["maxArea"] = in.limits.max_area;
    json info = {{"@context", "http://iiif.io/api/image/2/context.json"},
                 {"@id", in.id},
                 {"protocol", kProtocol},
                 {"width", in.image.width},
                 {"height", in.image.height},
                 {"tiles", tiles_json(in, nullptr)},
                 {"profile", {"http://iiif.io/api/image/2/level2.json", details}}};
    if (auto sizes = sizes_json(in, nullptr); !sizes.empty()) info["sizes"] = std::move(sizes);
    add_services(info, Version::V2, in.services, in.services_context);
    return info;
}

} // namespace

void add_services(json& info, Version version, const json& services, const std::string& context) {
    if (services.empty()) return;
    if (version == Version::V3) {
        if (!context.empty())
            info["@context"] = {context, "http://iiif.io/api/image/3/context.json"};
        info["service"] = services;
        return;
    }
    json listed = json::array();
    for (auto s : services) {
        // 2.1 services carry their own context (Auth 1.0's already name theirs).
        if (!s.contains("@context") && !context.empty()) s["@context"] = context;
        listed.push_back(std::move(s));
    }
    info["service"] = std::move(listed);
}

json build_sizes_only_info(Version version, const std::string& id, core::Size image,
                           const std::vector<core::Size>& sizes) {
    const bool v3 = version == Version::V3;
    json listed = json::array();
    core::Size largest{0, 0};
    for (auto s : sizes) {
        json item = {{"width", s.width}, {"height", s.height}};
        if (v3) item["type"] = "Size";
        listed.push_back(std::move(item));
        largest = {std::max(largest.width, s.width), std::max(largest.height, s.height)};
    }
    json info;
    if (v3) {
        info = {{"@context", "http://iiif.io/api/image/3/context.json"},
                {"id", id},
                {"type", "ImageService3"},
                {"protocol", kProtocol},
                {"profile", "level0"}};
    } else {
        info = {{"@context", "http://iiif.io/api/image/2/context.json"},
                {"@id", id},
                {"protocol", kProtocol},
                {"profile", json::array({"http://iiif.io/api/image/2/level0.json"})}};
    }
    info["width"] = image.width;
    info["height"] = image.height;
    if (!sizes.empty()) {
        if (v3) {
            info["maxWidth"] = largest.width;
            info["maxHeight"] = largest.height;
        } else {
            info["profile"].push_back({{"maxWidth", largest.width}, {"maxHeight", largest.height}});
        }
    }
    info["sizes"] = std::move(listed);
    return info;
}

std::vector<int> scale_factors(core::Size image, int tile_size, int within) {
    std::vector<int> factors;
    const int edge = within > 0 ? std::min(tile_size, within) : tile_size;
    for (int f = 1;; f *= 2) {
        factors.push_back(f);
        bool fits = (image.width + f - 1) / f <= edge && (image.height + f - 1) / f <= edge;
        if (fits || f > (1 << 20)) break;
    }
    return factors;
}

std::vector<core::Size> listed_sizes(core::Size image, const std::vector<std::string>& specs,
                                     const ResolveOptions& limits) {
    std::vector<core::Size> out;
    ResolveOptions no_upscale = limits;
    no_upscale.upscaling = false;
    no_upscale.clamp_confined = true; // "!1024,1024" of a smaller image lists the image itself
    no_upscale.formats = {core::ImageFormat::Jpeg};
    for (const auto& spec : specs) {
        auto size = parse_size(spec, Version::V3);
        if (!size) continue; // validated at start-up; ignore here
        ImageRequest req;
        req.size = *size;
        auto resolved = resolve(Version::V3, req, "", image, no_upscale);
        if (!resolved) continue;
        if (std::find(out.begin(), out.end(), resolved->output) == out.end())
            out.push_back(resolved->output);
    }
    std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.area() < b.area(); });
    return out;
}

nlohmann::json build_info(Version version, const InfoInput& in) {
    return version == Version::V3 ? build_v3(in) : build_v2(in);
}

} // namespace pictor::dialects::iiif
