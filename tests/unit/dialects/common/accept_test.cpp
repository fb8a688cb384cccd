#include <gtest/gtest.h>

#include "dialects/common/accept.h"

namespace pictor::dialects {
namespace {

using core::ImageFormat;

struct Row {
    const char* accept;
    ImageFormat want;
};

class AcceptTable : public ::testing::TestWithParam<Row> {};

TEST_P(AcceptTable, PicksTheFormat) {
    std::vector<ImageFormat> candidates{ImageFormat::Avif, ImageFormat::Webp, ImageFormat::Jpeg};
    EXPECT_EQ(negotiate_format(GetParam().accept, candidates), GetParam().want)
        << GetParam().accept;
}

INSTANTIATE_TEST_SUITE_P(
    All, AcceptTable,
    ::testing::Values(
        Row{"", ImageFormat::Jpeg}, Row{"*/*", ImageFormat::Jpeg},
        Row{"image/*", ImageFormat::Jpeg},
        // Chrome / Firefox / Safari image requests
        Row{"image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", ImageFormat::Avif},
        Row{"image/webp,*/*", ImageFormat::Webp},
        Row{"image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,"
            "image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
            ImageFormat::Avif},
        Row{"image/avif;q=0.5, image/webp;q=0.6", ImageFormat::Webp},
        Row{"image/avif;q=0, image/webp;q=0", ImageFormat::Jpeg},
        Row{"image/jpeg;q=1, image/webp;q=0.5", ImageFormat::Jpeg},
        Row{"IMAGE/WEBP", ImageFormat::Webp}, Row{"text/html", ImageFormat::Jpeg},
        Row{"image/webp;q=banana", ImageFormat::Webp}, Row{",,,;;;", ImageFormat::Jpeg}));

} // namespace
} // namespace pictor::dialects
