// PNG sources decoded with libspng instead of the libpng that Debian's libvips 8.14 reads them
// with: the same rows, about 1.4x faster on a photograph-sized RGBA PNG (inflate and unfiltering
// are almost all of a PNG thumbnail's time; sharp's libvips uses libspng for the same reason).
// Rows are decoded as libvips asks for them, top to bottom, into a libvips image, so memory
// stays at a band of rows like libvips' own loader. What this reader does not cover (16-bit,
// interlaced, grey, remote sources, random access) returns nothing and libvips' loader reads it.
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <spng.h>

#include "engine/vips_internal.h"

namespace pictor::engine::detail {
namespace {

// Ancillary chunks are bounded: a PNG whose iCCP or text chunks claim hundreds of megabytes is
// refused rather than buffered. 60 MB as libvips' own libspng loader: XMP blocks of 50 MB have
// been seen in the wild.
constexpr std::size_t kMaxChunkBytes = std::size_t{60} << 20;
constexpr std::size_t kMaxChunkCacheBytes = std::size_t{60} << 20;

// One decode: the file, libspng's context, and the next row it will produce. Owned by the
// libvips image it feeds and released when that image closes.
struct Reader {
    std::FILE* file = nullptr;
    spng_ctx* ctx = nullptr;
    std::size_t row_bytes = 0;
    std::vector<unsigned char> row; // one whole row, for a region narrower than the image
    int next_row = 0;
    ~Reader() {
        if (ctx) spng_ctx_free(ctx);
        if (file) std::fclose(file);
    }
};

void close_reader(VipsImage*, Reader* reader) { delete reader; }

// libvips asks for rows through vips_sequential, so always the next ones in order (its line
// cache asks for whole rows; a narrower region still gets only its own columns).
int generate_rows(VipsRegion* out, void*, void* a, void*, gboolean*) {
    auto* reader = static_cast<Reader*>(a);
    const VipsRect& r = out->valid;
    bool whole = r.left == 0 && r.width == out->im->Xsize;
    int bands = out->im->Bands;
    for (int y = r.top; y < r.top + r.height; ++y) {
        if (y != reader->next_row) {
            vips_error("pngload", "PNG rows were asked for out of order");
            return -1;
        }
        auto* into = whole ? VIPS_REGION_ADDR(out, 0, y) : reader->row.data();
        int rc = spng_decode_row(reader->ctx, into, reader->row_bytes);
        if (rc != 0 && rc != SPNG_EOI) {
            vips_error("pngload", "the PNG is damaged: %s", spng_strerror(rc));
            return -1;
        }
        if (!whole)
            std::memcpy(VIPS_REGION_ADDR(out, r.left, y),
                        reader->row.data() + static_cast<std::size_t>(r.left) * bands,
                        static_cast<std::size_t>(r.width) * bands);
        ++reader->next_row;
        // The rest of the last IDAT chunk, its CRC-32 and the chunks up to IEND are read only
        // when asked for: the last pixels are refused like the others if that CRC fails.
        if (reader->next_row == out->im->Ysize && (rc = spng_decode_chunks(reader->ctx)) != 0) {
            vips_error("pngload", "the PNG is damaged: %s", spng_strerror(rc));
            return -1;
        }
    }
    return 0;
}

// The chunks libvips' loader would carry: the colour profile (the pipeline converts to sRGB
// with it), EXIF (kept fields, engine.keep_metadata) and the resolution.
void attach_metadata(const Reader& reader, VipsImage* image) {
    spng_iccp iccp{};
    if (spng_get_iccp(reader.ctx, &iccp) == 0 && iccp.profile_len > 0)
        vips_image_set_blob_copy(image, VIPS_META_ICC_NAME, iccp.profile, iccp.profile_len);
    spng_exif exif{};
    if (spng_get_exif(reader.ctx, &exif) == 0 && exif.length > 0)
        vips_image_set_blob_copy(image, VIPS_META_EXIF_NAME, exif.data, exif.length);
    spng_phys phys{};
    if (spng_get_phys(reader.ctx, &phys) == 0 && phys.unit_specifier == 1) { // per metre
        image->Xres = phys.ppu_x / 1000.0;
        image->Yres = phys.ppu_y / 1000.0;
    }
}

} // namespace

std::optional<vips::VImage> open_png(const SourceInput& input, const SourceInfo& info) {
    if (input.is_ranged()) return std::nullopt;
    auto reader = std::make_unique<Reader>();
    reader->file = std::fopen(input.path.c_str(), "rbe");
    // zlib's Adler-32 of the inflated pixel stream is not computed (4 % of a 12 MP PNG's
    // decode): every compressed byte it covers is already covered by its IDAT chunk's CRC-32,
    // which is still checked, so damage on disk is still refused (as libvips' loaders refuse
    // it with fail_on=error). libvips' own libspng loader skips it the same way.
    reader->ctx = spng_ctx_new(SPNG_CTX_IGNORE_ADLER32);
    if (!reader->file || !reader->ctx) return std::nullopt;
    spng_set_chunk_limits(reader->ctx, kMaxChunkBytes, kMaxChunkCacheBytes);
    spng_ihdr ihdr{};
    if (spng_set_png_file(reader->ctx, reader->file) != 0 ||
        spng_get_ihdr(reader->ctx, &ihdr) != 0 || ihdr.bit_depth != 8 ||
        ihdr.interlace_method != SPNG_INTERLACE_NONE ||
        static_cast<int>(ihdr.width) != info.stored.width ||
        static_cast<int>(ihdr.height) != info.stored.height)
        return std::nullopt;
    bool alpha;
    spng_trns trns{};
    bool transparency = spng_get_trns(reader->ctx, &trns) == 0;
    switch (ihdr.color_type) {
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA: alpha = true; break;
    case SPNG_COLOR_TYPE_TRUECOLOR:
    case SPNG_COLOR_TYPE_INDEXED: alpha = transparency; break;
    default: return std::nullopt; // grey: libvips keeps it one band
    }
    int bands = alpha ? 4 : 3;
    int format = alpha ? SPNG_FMT_RGBA8 : SPNG_FMT_RGB8;
    reader->row_bytes = static_cast<std::size_t>(ihdr.width) * bands;
    reader->row.resize(reader->row_bytes);
    if (spng_decode_image(reader->ctx, nullptr, 0, format,
                          SPNG_DECODE_PROGRESSIVE | (alpha ? SPNG_DECODE_TRNS : 0)) != 0)
        return std::nullopt;

    VipsImage* raw = vips_image_new();
    vips_image_init_fields(raw, static_cast<int>(ihdr.width), static_cast<int>(ihdr.height), bands,
                           VIPS_FORMAT_UCHAR, VIPS_CODING_NONE, VIPS_INTERPRETATION_sRGB, 1.0, 1.0);
    attach_metadata(*reader, raw);
    if (info.orientation != 1) vips_image_set_int(raw, VIPS_META_ORIENTATION, info.orientation);
    // Tells the operations downstream that rows come once, top to bottom (they cache the rows
    // they revisit), as libvips' own sequential loaders do.
    vips_image_set_int(raw, VIPS_META_SEQUENTIAL, 1);
    if (vips_image_pipelinev(raw, VIPS_DEMAND_STYLE_THINSTRIP, nullptr) != 0) {
        g_object_unref(raw);
        throw vips::VError();
    }
    Reader* owned = reader.release();
    g_signal_connect(raw, "close", G_CALLBACK(close_reader), owned);
    if (vips_image_generate(raw, nullptr, generate_rows, nullptr, owned, nullptr) != 0) {
        g_object_unref(raw);
        throw vips::VError();
    }
    VipsImage* sequential = nullptr;
    int rc = vips_sequential(raw, &sequential, "tile_height", 16, nullptr);
    g_object_unref(raw); // the sequential image holds it
    if (rc != 0) throw vips::VError();
    return vips::VImage(sequential);
}

} // namespace pictor::engine::detail
