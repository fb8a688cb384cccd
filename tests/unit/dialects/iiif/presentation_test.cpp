// The Presentation 3 builder: canvases per image, painting annotations targeting their canvas,
// service references of either Image API version with their auth services, thumbnails, the
// auth context before the Presentation context, collections with pages.
#include <gtest/gtest.h>

#include "dialects/iiif/presentation.h"

namespace pictor::dialects::iiif {
namespace {

CanvasImage image(const std::string& name, Version version = Version::V3) {
    CanvasImage i;
    i.label = name;
    i.size = {600, 400};
    i.service_id = "https://x/iiif/3/" + name;
    i.service_version = version;
    i.thumbnail = core::Size{300, 200};
    return i;
}

TEST(Presentation, ManifestWithCanvasesInOrder) {
    auto m = build_manifest("https://x/m", "Two", {image("a.jpg"), image("b.jpg")});
    EXPECT_EQ(m["@context"], kPresentationContext);
    EXPECT_EQ(m["type"], "Manifest");
    EXPECT_EQ(m["label"]["none"][0], "Two");
    ASSERT_EQ(m["items"].size(), 2u);
    const auto& canvas = m["items"][1];
    EXPECT_EQ(canvas["id"], "https://x/m/canvas/2");
    EXPECT_EQ(canvas["label"]["none"][0], "b.jpg");
    const auto& annotation = canvas["items"][0]["items"][0];
    EXPECT_EQ(annotation["motivation"], "painting");
    EXPECT_EQ(annotation["target"], canvas["id"]);
    EXPECT_EQ(annotation["body"]["id"], "https://x/iiif/3/b.jpg/full/max/0/default.jpg");
    EXPECT_EQ(annotation["body"]["service"][0]["type"], "ImageService3");
    EXPECT_EQ(m["thumbnail"][0]["id"], "https://x/iiif/3/a.jpg/full/300,200/0/default.jpg");
}

TEST(Presentation, ImageApi2ServicesAndAuthContext) {
    CanvasImage restricted = image("r.jpg", Version::V2);
    restricted.thumbnail.reset();
    restricted.auth_services =
        nlohmann::json::array({{{"id", "p"}, {"type", "AuthProbeService2"}}});
    restricted.auth_context = "http://iiif.io/api/auth/2/context.json";
    auto m = build_manifest("https://x/m", "R", {restricted});
    EXPECT_EQ(m["@context"][0], "http://iiif.io/api/auth/2/context.json");
    EXPECT_EQ(m["@context"][1], kPresentationContext);
    EXPECT_FALSE(m.contains("thumbnail"));
    const auto& body = m["items"][0]["items"][0]["items"][0]["body"];
    // 2.1's `max` (its `full` is an error for an image only available smaller)
    EXPECT_EQ(body["id"], "https://x/iiif/3/r.jpg/full/max/0/default.jpg");
    EXPECT_EQ(body["service"][0]["@type"], "ImageService2");
    EXPECT_EQ(body["service"][0]["service"][0]["type"], "AuthProbeService2");
}

TEST(Presentation, CollectionsAndPages) {
    auto c = build_collection("https://x/c?page=2", "Page 2",
                              {{"https://x/c/sub", true, "sub", nullptr},
                               {"https://x/m", false, "m", thumbnail_of(image("m.jpg"))}},
                              "https://x/c");
    EXPECT_EQ(c["type"], "Collection");
    EXPECT_EQ(c["partOf"][0]["id"], "https://x/c");
    EXPECT_EQ(c["items"][0]["type"], "Collection");
    EXPECT_EQ(c["items"][1]["type"], "Manifest");
    EXPECT_EQ(c["items"][1]["thumbnail"][0]["width"], 300);
    EXPECT_FALSE(c["items"][0].contains("thumbnail"));
}

} // namespace
} // namespace pictor::dialects::iiif
