#include "service/manifest_service.h"

#include <algorithm>

#include "core/percent.h"
#include "service/auth_descriptions.h"
#include "service/policy_check.h"

namespace pictor::service {

using core::Error;
using core::Result;
namespace iiif = dialects::iiif;

namespace {

constexpr std::size_t kMaxFolderEntries = 100000;
constexpr int kThumbnailEdge = 400; // the listed size a manifest's thumbnail prefers

std::string last_segment(const std::string& identifier) {
    auto slash = identifier.rfind('/');
    return slash == std::string::npos ? identifier : identifier.substr(slash + 1);
}

// The largest listed size within kThumbnailEdge, else the smallest; none when none is open.
std::optional<core::Size> pick_thumbnail(const std::vector<core::Size>& open) {
    std::optional<core::Size> best;
    for (auto s : open)
        if (std::max(s.width, s.height) <= kThumbnailEdge) best = s;
    if (!best && !open.empty()) best = open.front();
    return best;
}

} // namespace

ManifestService::ManifestService(const config::IiifConfig& iiif, ImagePipeline& pipeline,
                                 SourceService& images, AccessService& access)
    : iiif_(iiif), pipeline_(pipeline), images_(images), access_(access) {}

std::string ManifestService::manifest_id(const std::string& identifier,
                                         const std::string& server_base) const {
    return server_base + "/iiif/presentation/3/" + core::percent_encode(identifier) + "/manifest";
}

std::string ManifestService::collection_id(const std::string& folder,
                                           const std::string& server_base) const {
    std::string id = server_base + "/iiif/presentation/3/collection";
    return folder.empty() ? id : id + "/" + core::percent_encode(folder);
}

Result<iiif::CanvasImage> ManifestService::canvas_image(const std::string& identifier,
                                                        const std::string& server_base) {
    // The same document for every viewer: described as nobody in particular sees it.
    auto glanced = pipeline_.glance(identifier, {});
    if (!glanced) return glanced.error();
    auto sight = pipeline_.open(std::move(*glanced));
    if (!sight) return sight.error();
    const std::string& catalog_id = sight->id;
    const auto& policy = sight->policy;
    iiif::CanvasImage image;
    image.size = sight->source.info.size;
    image.service_version =
        iiif_.manifest_image_version == 2 ? iiif::Version::V2 : iiif::Version::V3;
    std::string encoded = core::percent_encode(identifier);
    image.service_id = server_base +
                       (image.service_version == iiif::Version::V3 ? "/iiif/3/" : "/iiif/2/") +
                       encoded;
    image.label = last_segment(identifier);
    if (policy.asset().restricted()) {
        // The same document for every viewer: a restricted image's title stays out of it.
        auto auth = describe_auth(access_, server_base, encoded,
                                  image.service_version == iiif::Version::V3);
        image.auth_services = std::move(auth.services);
        image.auth_context = std::move(auth.context);
    } else if (auto row = access_.catalog().asset(catalog_id);
               row && *row && !(*row)->title.empty()) {
        image.label = (*row)->title;
    }
    image.thumbnail =
        pick_thumbnail(public_thumbnail_sizes(policy, image.size, iiif_.thumbnail_sizes));
    return image;
}

Result<nlohmann::json> ManifestService::manifest(const std::string& identifier,
                                                 const std::string& server_base) {
    auto image = canvas_image(identifier, server_base);
    if (image)
        return iiif::build_manifest(manifest_id(identifier, server_base), image->label, {*image});
    if (image.error().code != core::ErrorCode::NotFound) return image.error();
    auto folder = images_.store().folder(identifier, kMaxFolderEntries);
    if (!folder) return image.error(); // neither an image nor a folder: the image's 404
    std::vector<iiif::CanvasImage> canvases;
    for (const auto& id : folder->images) {
        if (canvases.size() >= kMaxCanvases) break;
        auto canvas = canvas_image(id, server_base);
        if (canvas) canvases.push_back(std::move(*canvas)); // unreadable files are left out
    }
    return iiif::build_manifest(manifest_id(identifier, server_base), last_segment(identifier),
                                canvases);
}

Result<nlohmann::json> ManifestService::collection(const std::string& folder_id, int page,
                                                   const std::string& server_base) {
    auto folder = images_.store().folder(folder_id, kMaxFolderEntries);
    if (!folder) return folder.error();
    std::string id = collection_id(folder_id, server_base);
    std::string label = folder_id.empty() ? "Images" : last_segment(folder_id);
    std::vector<std::string> entries = folder->folders; // sub-folders first, then images
    entries.insert(entries.end(), folder->images.begin(), folder->images.end());
    const std::size_t pages = (entries.size() + kPageSize - 1) / kPageSize;
    if (page == 0 && pages > 1) {
        std::vector<iiif::CollectionItem> items;
        for (std::size_t p = 1; p <= pages; ++p) {
            std::size_t first = (p - 1) * kPageSize + 1;
            std::size_t last = std::min(entries.size(), p * kPageSize);
            items.push_back({id + "?page=" + std::to_string(p), true,
                             label + " (" + std::to_string(first) + "–" + std::to_string(last) +
                                 " of " + std::to_string(entries.size()) + ")",
                             nullptr});
        }
        return iiif::build_collection(id, label, items);
    }
    if (page < 0 || (page > 0 && static_cast<std::size_t>(page) > std::max<std::size_t>(pages, 1)))
        return Error::not_found("no page " + std::to_string(page) + " of this collection");
    std::size_t first = page == 0 ? 0 : (static_cast<std::size_t>(page) - 1) * kPageSize;
    std::size_t last = std::min(entries.size(), first + kPageSize);
    std::vector<iiif::CollectionItem> items;
    for (std::size_t i = first; i < last; ++i) {
        const auto& entry = entries[i];
        bool is_folder = i < folder->folders.size();
        if (is_folder) {
            items.push_back(
                {collection_id(entry, server_base), true, last_segment(entry), nullptr});
            continue;
        }
        auto image = canvas_image(entry, server_base);
        if (!image) continue; // unreadable files are left out
        iiif::CanvasImage open = *image;
        open.auth_services = nlohmann::json::array(); // a thumbnail is an open size
        items.push_back(
            {manifest_id(entry, server_base), false, image->label, iiif::thumbnail_of(open)});
    }
    if (page == 0) return iiif::build_collection(id, label, items);
    return iiif::build_collection(id + "?page=" + std::to_string(page),
                                  label + " (page " + std::to_string(page) + ")", items, id);
}

} // namespace pictor::service
