#pragma once
// Internal to engine/: the libvips-facing helpers each step file implements.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <tiffio.h>
#include <turbojpeg.h>
#include <vips/vips8>

#include "core/atomic_file.h"
#include "core/cancellation.h"
#include "core/result.h"
#include "engine/engine.h"
#include "engine/load_planner.h"

namespace pictor::engine::detail {

// leading_geometry.cpp: the plan's leading crop and resize decide how far a loader can shrink.
struct LeadingGeometry {
    core::Rect region; // in displayed full-size coordinates
    core::Size target;
    std::size_t consumed = 0; // plan steps they stand for
};
LeadingGeometry leading_geometry(const plan::Plan& plan, core::Size full);
// A plan the direct paths answer: nothing but the leading crop and resize, then a JPEG of
// moderate size without a resolution to record.
bool is_direct_jpeg(const plan::Plan& plan, const LeadingGeometry& g);
// The region in the pixels of a level (or shrunk load) of size `loaded`.
core::Rect region_at_level(core::Rect region, core::Size full, core::Size loaded);

// source_io.cpp: opening a SourceInput, local or ranged.
// In the libvips error of a failed ranged read: the origin's fault, not the image's.
inline constexpr const char* kRangedReadFailed = "reading the remote original failed";
// The UpstreamFailed error for a libvips error that a failed ranged read caused, if it did.
std::optional<core::Error> ranged_read_failure(const vips::VError& e);
// Why a local source cannot be opened now, when the cause is not the image: the process is out
// of file descriptors or memory (OutOfResources, 503), or the file was removed (NotFound).
// Asked before a probe and after a libvips failure, so neither is taken for a damaged image.
std::optional<core::Error> open_failure(const SourceInput& input);
// ranged_read_failure() or open_failure(): a libvips error that is not the image's fault.
std::optional<core::Error> read_failure(const vips::VError& e, const SourceInput& input);
struct Cursor;
// A libtiff handle on a SourceInput (nullptr in get() when libtiff refuses it).
class TiffFile {
  public:
    explicit TiffFile(const SourceInput& input);
    ~TiffFile();
    TiffFile(const TiffFile&) = delete;
    TiffFile& operator=(const TiffFile&) = delete;
    TIFF* get() const { return tif_.get(); }

  private:
    struct Closer {
        void operator()(TIFF* t) const;
    };
    std::shared_ptr<Cursor> cursor_;
    std::unique_ptr<TIFF, Closer> tif_;
};
// The loader libvips would pick by sniffing ("VipsForeignLoadJpegFile" …), or nullptr.
const char* find_loader(const SourceInput& input);
// `loader` is an operation name ("tiffload") or nullptr for libvips' own choice.
vips::VImage open_image(const SourceInput& input, const char* loader, vips::VOption* options);
std::uint64_t input_size(const SourceInput& input);
// Up to `length` bytes from `offset` (fewer at the end or on a failed read).
std::string read_range(const SourceInput& input, std::uint64_t offset, std::size_t length);

// probe.cpp
core::Result<SourceInfo> probe_file(const SourceInput& input);
core::Result<void> verify_file(const std::filesystem::path& path, const SourceInfo& info);

// file_structure.cpp: the supported format a file's first bytes announce, if any; whether the
// whole file is there (JPEG EOI, PNG IEND, every TIFF strip and tile).
std::optional<core::ImageFormat> announced_format(const SourceInput& input);
bool file_is_complete(const SourceInput& input, core::ImageFormat format);
// A TIFF's first directory's tile, or its strip (full width, RowsPerStrip rows); empty if unread.
core::Size tiff_read_unit(const SourceInput& input);

// loader.cpp
vips::VImage load_source(const SourceInput& input, const SourceInfo& info, const LoadChoice& choice,
                         bool random_access);
core::Result<core::ImageFormat> format_of_loader(const char* loader_name);
// png_reader.cpp: an 8-bit, non-interlaced colour PNG on local disc, decoded by libspng as
// libvips reads it (sequentially, with its profile, EXIF and resolution); nothing for the rest.
std::optional<vips::VImage> open_png(const SourceInput& input, const SourceInfo& info);
// "jpegload", "tiffload" …: the operation that reads `format`.
const char* loader_name(core::ImageFormat format);

// file_target.cpp: a target writing into `file`, which must outlive it; a failed write is
// the file's to report (core::TempFile::finish), libvips never sees one.
vips::VTarget file_target(core::TempFile& file);

// pyramid.cpp: the source upright and in sRGB, read once from start to end unless it must turn.
vips::VImage open_upright(const SourceInput& in, const SourceInfo& info);

// steps.cpp: each returns an image of exactly the size the plan arithmetic promised.
vips::VImage force_size(const vips::VImage& in, core::Size size);
vips::VImage crop(const vips::VImage& in, core::Rect rect);
vips::VImage resize(const vips::VImage& in, core::Size size);
// resize() for an image held in memory (it may be read in any order): faster, same kernel.
vips::VImage resize_in_memory(const vips::VImage& in, core::Size size);
vips::VImage mirror(const vips::VImage& in);
vips::VImage rotate(const vips::VImage& in, double degrees, core::Rgba background);
vips::VImage tone_map(const vips::VImage& in, plan::Tone tone);
vips::VImage canvas(const vips::VImage& in, core::Size size);
vips::VImage to_srgb(const vips::VImage& in);

// paint_steps.cpp
vips::VImage text(const vips::VImage& in, const plan::Text& text);
vips::VImage fill(const vips::VImage& in, const plan::Fill& fill);
vips::VImage colorize(const vips::VImage& in, const plan::Colorize& colorize);
vips::VImage shade(const vips::VImage& in, const plan::Shade& shade);
// watermark.cpp
vips::VImage watermark(const vips::VImage& in, const plan::Watermark& watermark);

// encoder.cpp
// The bytes of a blob a libvips save returned, the blob released.
std::string take_blob(VipsBlob* blob);
std::string encode(const vips::VImage& in, const plan::Encode& encode, const EngineOptions& o);

// jpeg_writer.cpp: JPEG from pixels in memory, for answers up to kJpegWriterMaxPixels.
inline constexpr std::int64_t kJpegWriterMaxPixels = std::int64_t{1} << 22;
// Answers up to this size (thumbnails) are written progressive when JpegCoding::optimize.
inline constexpr std::int64_t kProgressiveMaxPixels = 400 * 400;
bool jpeg_writer_accepts(const vips::VImage& image);
// How JPEG answers are coded: the quality, and engine.jpeg_optimize.
struct JpegCoding {
    int quality = 80;
    bool optimize = true;
};
std::string write_jpeg(const vips::VImage& image, JpegCoding coding);
// Packed RGBX pixels, rows `stride` bytes apart (0: width * 4; more for a region of a larger
// image in memory).
std::string encode_jpeg_rgbx(const unsigned char* pixels, int width, int height, JpegCoding coding,
                             int stride = 0);
// rgbx_scale.cpp: packed RGBX pixels (rows `stride` bytes apart) reduced to `to` with libyuv's
// box filter.
std::optional<std::vector<unsigned char>> scale_rgbx(const unsigned char* pixels, int stride,
                                                     core::Size from, core::Size to);

// Packed RGBX pixels that own their memory: a whole decoded image, or one of its halvings.
// Large ones are aligned to and advised as transparent huge pages (a 24 MP image otherwise
// costs 23,000 page faults, a quarter of its decode time).
struct RgbxImage {
    struct Free {
        void operator()(unsigned char* p) const { std::free(p); }
    };
    std::unique_ptr<unsigned char, Free> pixels;
    int width = 0, height = 0;
    int stride() const { return width * 4; }
    std::size_t bytes() const { return static_cast<std::size_t>(width) * height * 4; }
};
// Uninitialised pixels of that size, or nothing when memory is refused.
std::optional<RgbxImage> allocate_rgbx(int width, int height);
// Half the size (rounded down), each pixel the mean of a 2x2 block.
std::optional<RgbxImage> halve_rgbx(const RgbxImage& in);

// tiff_tiles.cpp: one level (page) of a TIFF whose tiles are 8-bit RGB or YCbCr JPEG, with no
// colour profile to apply.
struct JpegTiledLayout {
    std::uint32_t width = 0, height = 0, tile_w = 0, tile_h = 0;
    std::string tables; // JPEGTABLES without its EOI
};
// `file` holds the open TIFF; nullptr when it cannot be opened at `page`. libtiff's messages are
// silenced: these paths hand anything unusual to libvips, which reports it properly.
TiffFile* open_jpeg_tiled_level(std::optional<TiffFile>& file, const SourceInput& input, int page);
std::optional<JpegTiledLayout> jpeg_tiled_layout(TIFF* tif);
// Whether `region` lies inside the level.
bool holds_region(const JpegTiledLayout& layout, core::Rect region);
// The complete JPEG stream of the tile at pixel (tx, ty): the tile's bytes (read into `raw`) with
// the shared tables spliced in, in `stream`.
bool read_jpeg_tile(TIFF* tif, const JpegTiledLayout& layout, int tx, int ty,
                    std::vector<unsigned char>& raw, std::string& stream);

// tiff_jpeg_copy.cpp: a region of one level of such a TIFF, at the level's own scale, as a JPEG
// made from the stored tiles' DCT coefficients (no decode, no encode): requantised to `quality`
// where the stored tables are finer, with optimised Huffman tables. Nothing when the region's
// corner is off the JPEG block grid or the tiles do not share one set of tables.
std::optional<std::string> copy_tiff_region_jpeg(TIFF* tif, const JpegTiledLayout& layout,
                                                 core::Rect region, JpegCoding coding,
                                                 std::chrono::steady_clock::time_point deadline);

// tiff_tiles.cpp: a region of one level (page) of a JPEG-compressed tiled TIFF as packed RGBX
// (4 bytes a pixel), read with libtiff + TurboJPEG; nothing when the file or request is outside
// what it covers. `reduced_next`: the pixels will be reduced, so the fast inverse DCT (whose
// rounding differences a reduce averages away) is used.
std::optional<std::vector<unsigned char>>
read_tiff_region_rgbx(TIFF* tif, const JpegTiledLayout& layout, core::Rect region,
                      std::chrono::steady_clock::time_point deadline, bool reduced_next);

// jpeg_reader.cpp: this thread's TurboJPEG decompressor (creating one allocates libjpeg's
// state, so each thread keeps one), for whole JPEGs and for TIFF tiles.
tjhandle jpeg_decompressor();

// This thread's TurboJPEG handle made by `init` (tjInitCompress, tjInitDecompress): creating
// one allocates libjpeg's state, so each thread keeps one of each. Null if it could not be made.
template <tjhandle (*Init)()> tjhandle per_thread_turbojpeg() {
    struct Handle {
        tjhandle h = Init();
        ~Handle() {
            if (h) tjDestroy(h);
        }
    };
    thread_local Handle handle;
    return handle.h;
}
// A whole JPEG decoded at the smallest scaling factor M/8 (M = 1..8) at or
// above `scale`, as packed RGB or grey; nothing when the decode would exceed `max_pixels` or
// TurboJPEG cannot read it cleanly.
struct DecodedJpeg {
    std::vector<unsigned char> pixels;
    int width = 0, height = 0, bands = 3;
};
std::optional<DecodedJpeg> decode_jpeg_scaled(const SourceInput& input, core::Size stored,
                                              double scale, std::int64_t max_pixels);
// A whole JPEG at full size as RGBX; nothing when TurboJPEG cannot read it cleanly.
std::optional<RgbxImage> decode_jpeg_rgbx(const SourceInput& input, core::Size stored);

// deadline.cpp: kills the evaluation of `image` once `deadline` has passed or `cancel` is raised
// (every client waiting for it has gone).
class DeadlineGuard {
  public:
    DeadlineGuard(const vips::VImage& image, std::chrono::steady_clock::time_point deadline,
                  core::CancelFlag cancel);
    ~DeadlineGuard();
    DeadlineGuard(const DeadlineGuard&) = delete;
    DeadlineGuard& operator=(const DeadlineGuard&) = delete;
    bool expired() const;

  private:
    static void on_eval(VipsImage* image, VipsProgress*, void* guard);

    VipsImage* image_;
    std::chrono::steady_clock::time_point deadline_;
    core::CancelFlag cancel_;
    unsigned long handler_ = 0;
};

} // namespace pictor::engine::detail

namespace pictor::engine {

// decoded_source.cpp (declared in engine.h).
struct DecodedSource {
    SourceInfo info;                       // of the source
    std::vector<detail::RgbxImage> levels; // upright sRGB; each half the one before
    std::size_t bytes = 0;                 // what the levels hold
};

} // namespace pictor::engine
