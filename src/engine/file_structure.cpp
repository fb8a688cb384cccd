// What a file's own bytes say before libvips decodes it: the format its signature announces (so
// a damaged JPEG is told apart from a text file), and whether the file is all there. Decoders
// only notice a missing end when they reach it, so a region or a level that lies in the intact
// part of a truncated file would decode; these checks refuse such a file up front, cheaply:
// JPEG's EOI and PNG's IEND near the end, every TIFF strip and tile inside the file.
#include <algorithm>

#include <tiffio.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// Trailing data after the end marker (camera makers' trailers) is tolerated up to this much.
constexpr std::uint64_t kTailBytes = 64 * 1024;

std::string tail_of(const SourceInput& input) {
    std::uint64_t size = input_size(input);
    std::uint64_t from = size > kTailBytes ? size - kTailBytes : 0;
    return read_range(input, from, static_cast<std::size_t>(size - from));
}

void quiet(const char*, const char*, va_list) {}

// Every strip or tile of one directory lies inside the file.
bool directory_inside(TIFF* tif, std::uint64_t file_size) {
    bool tiled = TIFFIsTiled(tif);
    std::uint64_t* offsets = nullptr;
    std::uint64_t* counts = nullptr;
    if (!TIFFGetField(tif, tiled ? TIFFTAG_TILEOFFSETS : TIFFTAG_STRIPOFFSETS, &offsets) ||
        !TIFFGetField(tif, tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS, &counts))
        return false;
    std::uint32_t n = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    for (std::uint32_t i = 0; i < n; ++i)
        if (offsets[i] > file_size || counts[i] > file_size - offsets[i]) return false;
    return true;
}

bool tiff_is_complete(const SourceInput& input) {
    TIFFSetErrorHandler(quiet);
    TIFFSetWarningHandler(quiet);
    std::uint64_t file_size = input_size(input);
    if (file_size == 0) return false;
    TiffFile tif(input);
    if (!tif.get()) return false;
    int directories = 0;
    do {
        if (++directories > 64) break; // pyramids have a few dozen levels at most
        if (!directory_inside(tif.get(), file_size)) return false;
        // Reduced levels stored as sub-IFDs of this directory.
        std::uint16_t subifd_count = 0;
        std::uint64_t* subifds = nullptr;
        if (TIFFGetField(tif.get(), TIFFTAG_SUBIFD, &subifd_count, &subifds) && subifd_count) {
            std::vector<std::uint64_t> levels(subifds, subifds + subifd_count);
            tdir_t main = TIFFCurrentDirectory(tif.get());
            for (std::uint64_t at : levels)
                if (!TIFFSetSubDirectory(tif.get(), at) || !directory_inside(tif.get(), file_size))
                    return false;
            if (!TIFFSetDirectory(tif.get(), main)) return false;
        }
    } while (TIFFReadDirectory(tif.get()));
    return true;
}

} // namespace

core::Size tiff_read_unit(const SourceInput& input) {
    TIFFSetErrorHandler(quiet);
    TIFFSetWarningHandler(quiet);
    TiffFile tif(input);
    std::uint32_t width = 0, height = 0, unit_w = 0, unit_h = 0;
    if (!tif.get() || !TIFFGetField(tif.get(), TIFFTAG_IMAGEWIDTH, &width) ||
        !TIFFGetField(tif.get(), TIFFTAG_IMAGELENGTH, &height))
        return {};
    if (TIFFIsTiled(tif.get())) {
        TIFFGetField(tif.get(), TIFFTAG_TILEWIDTH, &unit_w);
        TIFFGetField(tif.get(), TIFFTAG_TILELENGTH, &unit_h);
    } else {
        unit_w = width;
        TIFFGetFieldDefaulted(tif.get(), TIFFTAG_ROWSPERSTRIP, &unit_h);
        unit_h = std::min(unit_h, height); // the default, 2^32 - 1, is the whole image
    }
    auto clamp = [](std::uint32_t v) {
        return static_cast<int>(std::min<std::uint32_t>(v, 1u << 30));
    };
    return {clamp(unit_w), clamp(unit_h)};
}

std::optional<core::ImageFormat> announced_format(const SourceInput& input) {
    return core::sniff_image_format(read_range(input, 0, 16));
}

bool file_is_complete(const SourceInput& input, core::ImageFormat format) {
    switch (format) {
    case core::ImageFormat::Jpeg:
        // Entropy-coded data never holds FF D9 (an FF in it is followed by 00 or a restart
        // marker), so one in the tail is the end of the image.
        return tail_of(input).find("\xFF\xD9") != std::string::npos;
    case core::ImageFormat::Png:
        return tail_of(input).find(std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12)) !=
               std::string::npos;
    case core::ImageFormat::Tiff: return tiff_is_complete(input);
    default: return true; // their decoders fail at the header or on any missing data
    }
}

} // namespace pictor::engine::detail
