#include <gtest/gtest.h>

#include "dialects/iiif/iiif_path.h"

namespace pictor::dialects::iiif {
namespace {

TEST(IiifPath, ImageRequest) {
    auto p = split_iiif_path("photo.jpg/full/max/0/default.jpg");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, IiifPath::Kind::Image);
    EXPECT_EQ(p->identifier, "photo.jpg");
    EXPECT_EQ(p->region, "full");
    EXPECT_EQ(p->quality_format, "default.jpg");
}

TEST(IiifPath, EncodedSlashAndParameters) {
    auto p = split_iiif_path("a%2Fb.jpg/full/%21300,300/0/default.jpg");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->identifier, "a/b.jpg");
    EXPECT_EQ(p->raw_identifier, "a%2Fb.jpg");
    EXPECT_EQ(p->size, "!300,300");
    // An image path is remembered as sent, escapes and all.
    EXPECT_EQ(p->as_sent, "a%2Fb.jpg/full/%21300,300/0/default.jpg");
}

TEST(IiifPath, OnlyImagePathsAreKeptAsSent) {
    EXPECT_EQ(split_iiif_path("photo.jpg/full/max/0/default.jpg")->as_sent,
              "photo.jpg/full/max/0/default.jpg");
    EXPECT_EQ(split_iiif_path("photo.jpg/info.json")->as_sent, "");
    EXPECT_EQ(split_iiif_path("photo.jpg")->as_sent, "");
}

TEST(IiifPath, UnencodedSlashStillWorks) {
    auto p = split_iiif_path("a/b.jpg/info.json");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, IiifPath::Kind::Info);
    EXPECT_EQ(p->identifier, "a/b.jpg");
}

TEST(IiifPath, BaseUri) {
    auto p = split_iiif_path("photo.jpg");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->kind, IiifPath::Kind::Base);
    auto q = split_iiif_path("photo.jpg/");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->identifier, "photo.jpg");
}

TEST(IiifPath, Errors) {
    EXPECT_EQ(split_iiif_path("").error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(split_iiif_path("a%zz/info.json").error().code, core::ErrorCode::BadRequest);
    EXPECT_EQ(split_iiif_path("a%00b/info.json").error().code, core::ErrorCode::BadRequest);
    EXPECT_EQ(split_iiif_path("a%2/info.json").error().code, core::ErrorCode::BadRequest);
}

} // namespace
} // namespace pictor::dialects::iiif
