#include "support/hostile_files.h"

#include "support/byte_fields.h"
#include "support/image_check.h"

#include <cstdint>
#include <random>

#include <vips/vips8>
#include <zlib.h>

namespace pictor::test {
namespace {

using vips::VImage;

const std::set<int> kUnusable = {422};
const std::set<int> kNotAnImage = {415};
const std::set<int> kOverLimits = {400, 413, 422};
const std::set<int> kAnyClean = {200, 400, 413, 415, 422};

// A photo-like 320 x 240 RGB image: noise compresses badly, so a half file is really half.
VImage noise() {
    VImage band = VImage::gaussnoise(320, 240, VImage::option()->set("sigma", 40.0));
    return band.bandjoin({band.flip(VIPS_DIRECTION_HORIZONTAL), band.flip(VIPS_DIRECTION_VERTICAL)})
        .cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

std::string encoded(const VImage& image, const char* suffix) {
    try {
        void* buf = nullptr;
        size_t len = 0;
        image.write_to_buffer(suffix, &buf, &len);
        std::string out(static_cast<const char*>(buf), len);
        g_free(buf);
        return out;
    } catch (const std::exception&) { // VError, or libjxl 0.7's bad_alloc on some inputs
        vips_error_clear();
        return {}; // this libvips cannot write the format
    }
}

// A TIFF with one uncompressed grey tile of `tile` x `tile` pixels declared.
std::string tiff_with_tile(std::uint32_t width, std::uint32_t height, std::uint32_t tile) {
    struct Entry {
        std::uint16_t tag, type;
        std::uint32_t value;
    };
    const std::uint32_t data_at = 8 + 2 + 10 * 12 + 4;
    std::vector<Entry> entries = {
        {256, 4, width}, {257, 4, height}, {258, 3, 8},    {259, 3, 1},       {262, 3, 1},
        {277, 3, 1},     {322, 4, tile},   {323, 4, tile}, {324, 4, data_at}, {325, 4, 1000}};
    std::string out = std::string("II*\0", 4) + le32(8);
    out += static_cast<char>(entries.size());
    out += '\0';
    for (const auto& e : entries) {
        out += std::string{static_cast<char>(e.tag), static_cast<char>(e.tag >> 8),
                           static_cast<char>(e.type), '\0'};
        out += le32(1);
        out +=
            e.type == 3 ? std::string{static_cast<char>(e.value), '\0', '\0', '\0'} : le32(e.value);
    }
    out += le32(0);
    return out + std::string(1000, '\x80');
}

std::string with_png_header(const std::string& png, std::uint32_t width, std::uint32_t height) {
    std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    return png.substr(0, 8) + png_chunk("IHDR", ihdr) + png.substr(33);
}

std::string flipped(std::string bytes, unsigned seed) {
    std::mt19937 random(seed);
    // Leave the first 64 bytes (the signature and main header) so the decoder gets going.
    std::uniform_int_distribution<std::size_t> at(std::min<std::size_t>(64, bytes.size() - 1),
                                                  bytes.size() - 1);
    for (int i = 0; i < 24; ++i)
        bytes[at(random)] ^= static_cast<char>(1 + random() % 255);
    return bytes;
}

} // namespace

std::vector<HostileFile> hostile_files() {
    start_vips();
    VImage image = noise();
    std::vector<HostileFile> out;
    // Not JPEG XL: pictor does not read it (415), and libjxl 0.7's encoder asks for hundreds of
    // GB on some inputs.
    for (const char* ext : {"jpg", "png", "webp", "tif", "gif", "jp2", "avif", "heic"}) {
        std::string good = encoded(image, (std::string(".") + ext).c_str());
        if (good.empty()) continue;
        std::string e = std::string(".") + ext;
        out.push_back({std::string("truncated") + e, good.substr(0, good.size() / 2), kUnusable});
        out.push_back({std::string("header-only") + e, good.substr(0, 48), kUnusable});
        for (unsigned seed : {1u, 2u, 3u})
            out.push_back({"flipped" + std::to_string(seed) + e, flipped(good, seed), kAnyClean});
    }
    // A TIFF whose every strip is cut off keeps its header sound (pixels are read later); the
    // half-file case above covers a TIFF whose directory is lost.
    std::string png = encoded(image, ".png");
    out.push_back({"no-iend.png", png.substr(0, png.rfind("IEND") - 4), kUnusable});
    out.push_back({"zero-width.png", with_png_header(png, 0, 240), kUnusable});
    out.push_back({"lying-size.png", with_png_header(png, 100000, 100000), kOverLimits, true});
    std::string webp = encoded(image, ".webp");
    // VP8X canvas of 16384 x 16384 around a 320 x 240 bitstream.
    std::string canvas = webp;
    canvas.replace(24, 6, std::string("\xFF\x3F\x00\xFF\x3F\x00", 6));
    out.push_back({"lying-canvas.webp", canvas, kUnusable});
    out.push_back({"huge-tile.tif", tiff_with_tile(65536, 65536, 65536), kUnusable});
    out.push_back({"huge-tile-small-image.tif", tiff_with_tile(1000, 1000, 65536), kUnusable});
    out.push_back({"zero-width.tif", tiff_with_tile(0, 1000, 256), kUnusable});
    // A GIF claiming a 65535 x 65535 logical screen with a 1 x 1 frame.
    out.push_back(
        {"huge-screen.gif",
         std::string("GIF89a\xFF\xFF\xFF\xFF\x00\x00\x00", 13) +
             std::string("\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3B", 16),
         kAnyClean, false});
    out.push_back({"empty.jpg", "", kNotAnImage});
    out.push_back({"text.png", "just some words, not a picture\n", kNotAnImage});
    out.push_back({"vector.jpg",
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
                   kNotAnImage});
    out.push_back(
        {"document.tif", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\n", kNotAnImage});
    return out;
}

} // namespace pictor::test
