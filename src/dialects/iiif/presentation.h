#pragma once
// IIIF Presentation API 3.0 documents (https://iiif.io/api/presentation/3.0/) generated from
// the image store: a Manifest with one Canvas per image, each painted by one Image annotation
// that points at the image's IIIF Image service, and a Collection of Manifests and
// Collections. Pure JSON building: the service layer decides what each image may show.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry.h"
#include "dialects/iiif/iiif_request.h"

namespace pictor::dialects::iiif {

inline constexpr const char* kPresentationContext =
    "http://iiif.io/api/presentation/3/context.json";
inline constexpr const char* kPresentationMediaType =
    "application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"";

// One image as a canvas shows it.
struct CanvasImage {
    std::string label;
    core::Size size;
    std::string service_id; // the image service's base URI
    Version service_version = Version::V3;
    nlohmann::json auth_services = nlohmann::json::array(); // the service's auth services
    std::string auth_context;            // their JSON-LD context, if any (Auth 2.0's)
    std::optional<core::Size> thumbnail; // a size anyone may fetch; none = no thumbnail
};

// The image service reference a Presentation 3 resource carries (ImageService3, or
// ImageService2 with `@id`/`@type`), with its auth services.
nlohmann::json image_service_reference(const CanvasImage& image);
// The thumbnail of an image (a JPEG of the listed size, with its service); null when none.
nlohmann::json thumbnail_of(const CanvasImage& image);

// A Manifest at `id`: one Canvas per image, in the given order; its thumbnail is the first
// image's.
nlohmann::json build_manifest(const std::string& id, const std::string& label,
                              const std::vector<CanvasImage>& images);

struct CollectionItem {
    std::string id;
    bool collection = false; // a Collection, else a Manifest
    std::string label;
    nlohmann::json thumbnail; // null = none
};

// A Collection at `id`; `part_of` names the Collection it is a page of (empty: none).
nlohmann::json build_collection(const std::string& id, const std::string& label,
                                const std::vector<CollectionItem>& items,
                                const std::string& part_of = "");

// A language map for text whose language pictor does not know.
nlohmann::json label_none(const std::string& text);

} // namespace pictor::dialects::iiif
