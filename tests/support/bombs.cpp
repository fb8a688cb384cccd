#include "support/bombs.h"

#include <vips/vips8>
#include <zlib.h>

#include "support/byte_fields.h"
#include "support/image_check.h"

namespace pictor::test {
namespace {

using vips::VImage;

VImage tiny() {
    return VImage::black(64, 64, VImage::option()->set("bands", 3))
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
        .cast(VIPS_FORMAT_UCHAR);
}

std::string blob(VipsBlob* b) {
    std::size_t n = 0;
    const void* data = vips_blob_get(b, &n);
    std::string out(static_cast<const char*>(data), n);
    vips_area_unref(VIPS_AREA(b));
    return out;
}

std::string be16(std::uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }

// A real 64 x 64 JPEG whose frame header (SOF0 or, progressive, SOF2) claims width x height.
std::string jpeg_claiming(int width, int height, bool progressive) {
    start_vips();
    std::string jpeg = blob(tiny().jpegsave_buffer(
        VImage::option()->set("interlace", progressive)->set("strip", true)));
    auto sof = jpeg.find(progressive ? "\xFF\xC2" : "\xFF\xC0");
    if (sof == std::string::npos) return {};
    // FF Cn, length (2), precision (1), height (2), width (2)
    jpeg.replace(sof + 5, 2, be16(static_cast<std::uint16_t>(height)));
    jpeg.replace(sof + 7, 2, be16(static_cast<std::uint16_t>(width)));
    return jpeg;
}

// A real lossy WebP (one VP8 chunk) whose frame header claims 16383 x 16383, its maximum.
std::string webp_claiming_max() {
    start_vips();
    std::string webp = blob(tiny().webpsave_buffer(VImage::option()->set("strip", true)));
    auto vp8 = webp.find("VP8 ");
    if (vp8 == std::string::npos) return {};
    // chunk header (8), frame tag (3), start code 9D 01 2A (3), width (14 bits), height
    std::size_t dims = vp8 + 8 + 3 + 3;
    webp.replace(dims, 2, le16(16383));
    webp.replace(dims + 2, 2, le16(16383));
    // An extended file's canvas ('VP8X': flags (4), then width - 1 and height - 1 in 24 bits).
    if (auto vp8x = webp.find("VP8X"); vp8x != std::string::npos) {
        std::string max = le32(16382).substr(0, 3);
        webp.replace(vp8x + 12, 3, max);
        webp.replace(vp8x + 15, 3, max);
    }
    return webp;
}

// A striped TIFF, 40000 x 40000 RGB, whose single strip (RowsPerStrip = the height) is a small
// deflate stream: a decoder asked for any region reads the whole strip.
std::string striped_tiff_bomb() {
    std::string raw(40000 * 3, '\0');
    uLongf len = compressBound(static_cast<uLong>(raw.size()));
    std::string z(len, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    z.resize(len);
    struct Entry {
        std::uint16_t tag, type;
        std::uint32_t count, value;
    };
    const std::uint32_t entries_n = 11;
    const std::uint32_t bits_at = 8 + 2 + entries_n * 12 + 4;
    const std::uint32_t data_at = bits_at + 6;
    std::vector<Entry> entries = {
        {256, 4, 1, 40000}, {257, 4, 1, 40000}, {258, 3, 3, bits_at},
        {259, 3, 1, 8},     {262, 3, 1, 2},     {273, 4, 1, data_at},
        {277, 3, 1, 3},     {278, 4, 1, 40000}, {279, 4, 1, static_cast<std::uint32_t>(z.size())},
        {284, 3, 1, 1},     {317, 3, 1, 1}};
    std::string out = std::string("II*\0", 4) + le32(8) + le16(entries_n);
    for (const auto& e : entries) {
        out += le16(e.tag) + le16(e.type) + le32(e.count);
        out += e.type == 3 && e.count == 1 ? le16(static_cast<std::uint16_t>(e.value)) + le16(0)
                                           : le32(e.value);
    }
    out += le32(0);
    out += le16(8) + le16(8) + le16(8); // BitsPerSample
    return out + z;
}

// A GIF whose logical screen and one frame are 65535 x 65535, with a few bytes of LZW data.
std::string gif_bomb() {
    return std::string("GIF89a\xFF\xFF\xFF\xFF\x00\x00\x00", 13) +
           std::string("\x2C\x00\x00\x00\x00\xFF\xFF\xFF\xFF\x00\x02\x02\x44\x01\x00\x3B", 16);
}

// A real small AVIF or HEIC whose 'ispe' (the image's declared size) claims 30000 x 30000;
// empty when libheif here has no encoder for it.
std::string heif_claiming(bool av1) {
    start_vips();
    std::string heif;
    try {
        heif = blob(tiny().heifsave_buffer(
            VImage::option()
                ->set("compression",
                      av1 ? VIPS_FOREIGN_HEIF_COMPRESSION_AV1 : VIPS_FOREIGN_HEIF_COMPRESSION_HEVC)
                ->set("strip", true)));
    } catch (const vips::VError&) {
        vips_error_clear();
        return {};
    }
    // 'ispe' full box: size (4) 'ispe' (4) version+flags (4) width (4) height (4)
    for (auto at = heif.find("ispe"); at != std::string::npos; at = heif.find("ispe", at + 4)) {
        heif.replace(at + 8, 4, be32(30000));
        heif.replace(at + 12, 4, be32(30000));
    }
    return heif;
}

} // namespace

std::string bomb_png() {
    std::string ihdr = be32(50000) + be32(50000) + std::string("\x08\x02\x00\x00\x00", 5);
    std::string raw(1 + 50000 * 3, '\0');
    uLongf len = compressBound(static_cast<uLong>(raw.size()));
    std::string z(len, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    z.resize(len);
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", z) +
           png_chunk("IEND", "");
}

std::vector<Bomb> bombs() {
    std::vector<Bomb> out = {
        {"bomb.png", bomb_png(), 50000LL * 50000},
        {"bomb.jpg", jpeg_claiming(30000, 30000, false), 30000LL * 30000},
        {"bomb-progressive.jpg", jpeg_claiming(30000, 30000, true), 30000LL * 30000},
        {"bomb.webp", webp_claiming_max(), 16383LL * 16383},
        {"bomb-striped.tif", striped_tiff_bomb(), 40000LL * 40000},
        {"bomb.gif", gif_bomb(), 65535LL * 65535},
    };
    if (auto avif = heif_claiming(true); !avif.empty())
        out.push_back({"bomb.avif", std::move(avif), 30000LL * 30000});
    if (auto heic = heif_claiming(false); !heic.empty())
        out.push_back({"bomb.heic", std::move(heic), 30000LL * 30000});
    std::erase_if(out, [](const Bomb& b) { return b.bytes.empty(); });
    return out;
}

} // namespace pictor::test
