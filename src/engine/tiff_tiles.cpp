// The commonest requests a tile server gets — one region of a JPEG-compressed tiled TIFF level
// at that level's own scale (a tile), or reduced a little from the level just above (a
// thumbnail) — read the way iipsrv does it: the needed compressed tiles straight from libtiff,
// decompressed with TurboJPEG into one buffer, no libvips pipeline. Anything this path does not
// cover returns nothing and the caller takes the general libvips path, so it is an
// optimisation, never a second behaviour.
#include <cstring>
#include <memory>
#include <vector>

#include <tiffio.h>
#include <turbojpeg.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// libtiff reports problems through global handlers; this path treats any of them as "not for
// me" and lets libvips (which reports them properly) do the work.
void quiet(const char*, const char*, va_list) {}

} // namespace

TiffFile* open_jpeg_tiled_level(std::optional<TiffFile>& file, const SourceInput& input, int page) {
    TIFFSetErrorHandler(quiet);
    TIFFSetWarningHandler(quiet);
    file.emplace(input);
    if (!file->get() || !TIFFSetDirectory(file->get(), static_cast<tdir_t>(page))) return nullptr;
    return &*file;
}

std::optional<JpegTiledLayout> jpeg_tiled_layout(TIFF* tif) {
    JpegTiledLayout l;
    std::uint16_t compression = 0, photometric = 0, bits = 0, samples = 0, planar = 0;
    std::uint32_t icc_count = 0;
    void* icc = nullptr;
    std::uint32_t tables_count = 0;
    void* tables = nullptr;
    if (!TIFFIsTiled(tif) || !TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l.width) ||
        !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l.height) ||
        !TIFFGetField(tif, TIFFTAG_TILEWIDTH, &l.tile_w) ||
        !TIFFGetField(tif, TIFFTAG_TILELENGTH, &l.tile_h) ||
        !TIFFGetField(tif, TIFFTAG_COMPRESSION, &compression) ||
        !TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric))
        return std::nullopt;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    // RGB or YCbCr: the JPEG stream itself says which (JFIF / Adobe marker) and TurboJPEG
    // converts either to RGB.
    if (compression != COMPRESSION_JPEG ||
        (photometric != PHOTOMETRIC_YCBCR && photometric != PHOTOMETRIC_RGB) || bits != 8 ||
        samples != 3 || planar != PLANARCONFIG_CONTIG ||
        TIFFGetField(tif, TIFFTAG_ICCPROFILE, &icc_count, &icc))
        return std::nullopt;
    if (TIFFGetField(tif, TIFFTAG_JPEGTABLES, &tables_count, &tables) && tables_count >= 4) {
        const char* t = static_cast<const char*>(tables);
        l.tables.assign(t, tables_count - 2); // drop EOI; the tile's SOI is dropped below
    }
    return l;
}

bool holds_region(const JpegTiledLayout& layout, core::Rect region) {
    return region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0 &&
           static_cast<std::uint32_t>(region.x + region.width) <= layout.width &&
           static_cast<std::uint32_t>(region.y + region.height) <= layout.height;
}

bool read_jpeg_tile(TIFF* tif, const JpegTiledLayout& layout, int tx, int ty,
                    std::vector<unsigned char>& raw, std::string& stream) {
    ttile_t index =
        TIFFComputeTile(tif, static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty), 0, 0);
    auto size = static_cast<tmsize_t>(TIFFGetStrileByteCount(tif, index));
    if (size <= 4 || size > (64 << 20)) return false;
    raw.resize(static_cast<std::size_t>(size));
    if (TIFFReadRawTile(tif, index, raw.data(), size) != size) return false;
    // An abbreviated tile stream gets the shared tables spliced in after its SOI.
    std::size_t skip = layout.tables.empty() ? 0 : 2;
    stream.assign(layout.tables);
    stream.append(reinterpret_cast<const char*>(raw.data()) + skip, raw.size() - skip);
    return true;
}

std::optional<std::vector<unsigned char>>
read_tiff_region_rgbx(TIFF* tif, const JpegTiledLayout& layout, core::Rect region,
                      std::chrono::steady_clock::time_point deadline, bool reduced_next) {
    if (!holds_region(layout, region)) return std::nullopt;
    const int tw = static_cast<int>(layout.tile_w), th = static_cast<int>(layout.tile_h);
    std::vector<unsigned char> out(static_cast<std::size_t>(region.width) * region.height * 4);
    std::vector<unsigned char> tile(static_cast<std::size_t>(tw) * th * 4);
    std::string stream;
    std::vector<unsigned char> raw;
    for (int ty = region.y / th * th; ty < region.y + region.height; ty += th) {
        for (int tx = region.x / tw * tw; tx < region.x + region.width; tx += tw) {
            if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
            if (!read_jpeg_tile(tif, layout, tx, ty, raw, stream)) return std::nullopt;
            int w = 0, h = 0, subsampling = 0, colorspace = 0;
            auto* bytes = reinterpret_cast<unsigned char*>(stream.data());
            if (tjDecompressHeader3(jpeg_decompressor(), bytes, stream.size(), &w, &h, &subsampling,
                                    &colorspace) != 0 ||
                w != tw || h != th || (colorspace != TJCS_YCbCr && colorspace != TJCS_RGB))
                return std::nullopt;
            if (tjDecompress2(jpeg_decompressor(), bytes, stream.size(), tile.data(), tw, tw * 4,
                              th, TJPF_RGBX, reduced_next ? TJFLAG_FASTDCT : 0) != 0)
                return std::nullopt;
            // Copy the part of this tile the region covers.
            int x0 = std::max(tx, region.x), x1 = std::min(tx + tw, region.x + region.width);
            int y0 = std::max(ty, region.y), y1 = std::min(ty + th, region.y + region.height);
            for (int y = y0; y < y1; ++y)
                std::memcpy(
                    &out[(static_cast<std::size_t>(y - region.y) * region.width + (x0 - region.x)) *
                         4],
                    &tile[(static_cast<std::size_t>(y - ty) * tw + (x0 - tx)) * 4],
                    static_cast<std::size_t>(x1 - x0) * 4);
        }
    }
    return out;
}

} // namespace pictor::engine::detail
