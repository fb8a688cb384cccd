#include "dialects/iiif/presentation.h"

#include <algorithm>

namespace pictor::dialects::iiif {

using nlohmann::json;

json label_none(const std::string& text) { return {{"none", json::array({text})}}; }

json image_service_reference(const CanvasImage& image) {
    json service;
    if (image.service_version == Version::V3) {
        service = {{"id", image.service_id}, {"type", "ImageService3"}, {"profile", "level2"}};
    } else {
        service = {{"@id", image.service_id}, {"@type", "ImageService2"}, {"profile", "level2"}};
    }
    if (!image.auth_services.empty()) service["service"] = image.auth_services;
    return json::array({std::move(service)});
}

json thumbnail_of(const CanvasImage& image) {
    if (!image.thumbnail) return nullptr;
    auto t = *image.thumbnail;
    std::string size = std::to_string(t.width) + "," + std::to_string(t.height);
    return json::array({{{"id", image.service_id + "/full/" + size + "/0/default.jpg"},
                         {"type", "Image"},
                         {"format", "image/jpeg"},
                         {"width", t.width},
                         {"height", t.height},
                         {"service", image_service_reference(image)}}});
}

namespace {

json canvas(const std::string& manifest_id, std::size_t n, const CanvasImage& image) {
    std::string canvas_id = manifest_id + "/canvas/" + std::to_string(n);
    // `max` in both versions: 2.1's `full` is the unscaled image, an error where the image is
    // available only smaller (maxWidth).
    json body = {{"id", image.service_id + "/full/max/0/default.jpg"},
                 {"type", "Image"},
                 {"format", "image/jpeg"},
                 {"width", image.size.width},
                 {"height", image.size.height},
                 {"service", image_service_reference(image)}};
    json painting = {{"id", canvas_id + "/page/image"},
                     {"type", "Annotation"},
                     {"motivation", "painting"},
                     {"body", std::move(body)},
                     {"target", canvas_id}};
    json c = {{"id", canvas_id},
              {"type", "Canvas"},
              {"label", label_none(image.label)},
              {"width", image.size.width},
              {"height", image.size.height},
              {"items", json::array({{{"id", canvas_id + "/page"},
                                      {"type", "AnnotationPage"},
                                      {"items", json::array({std::move(painting)})}}})}};
    if (auto t = thumbnail_of(image); !t.is_null()) c["thumbnail"] = std::move(t);
    return c;
}

// The Presentation context, after the auth context any listed service needs.
json context_for(const std::vector<std::string>& extra) {
    json context = json::array();
    for (const auto& c : extra)
        if (!c.empty() && std::find(context.begin(), context.end(), c) == context.end())
            context.push_back(c);
    if (context.empty()) return kPresentationContext;
    context.push_back(kPresentationContext);
    return context;
}

} // namespace

json build_manifest(const std::string& id, const std::string& label,
                    const std::vector<CanvasImage>& images) {
    std::vector<std::string> contexts;
    json items = json::array();
    for (std::size_t i = 0; i < images.size(); ++i) {
        contexts.push_back(images[i].auth_context);
        items.push_back(canvas(id, i + 1, images[i]));
    }
    json manifest = {{"@context", context_for(contexts)},
                     {"id", id},
                     {"type", "Manifest"},
                     {"label", label_none(label)}};
    for (const auto& image : images)
        if (auto t = thumbnail_of(image); !t.is_null()) {
            manifest["thumbnail"] = std::move(t);
            break;
        }
    manifest["items"] = std::move(items);
    return manifest;
}

json build_collection(const std::string& id, const std::string& label,
                      const std::vector<CollectionItem>& items, const std::string& part_of) {
    json listed = json::array();
    for (const auto& item : items) {
        json entry = {{"id", item.id},
                      {"type", item.collection ? "Collection" : "Manifest"},
                      {"label", label_none(item.label)}};
        if (!item.thumbnail.is_null()) entry["thumbnail"] = item.thumbnail;
        listed.push_back(std::move(entry));
    }
    json collection = {{"@context", kPresentationContext},
                       {"id", id},
                       {"type", "Collection"},
                       {"label", label_none(label)}};
    if (!part_of.empty())
        collection["partOf"] = json::array({{{"id", part_of}, {"type", "Collection"}}});
    collection["items"] = std::move(listed);
    return collection;
}

} // namespace pictor::dialects::iiif
