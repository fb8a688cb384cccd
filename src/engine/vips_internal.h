#pragma once
// Internal to engine/: the libvips-facing helpers each step file implements.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <tiffio.h>
#include <turbojpeg.h>
#include <vips/vips8>

#include "core/cancellation.h"
#include "core/result.h"
#include "engine/engine.h"
#include "engine/load_planner.h"

namespace pictor::engine::detail {

// source_io.cpp: opening a SourceInput, local or ranged.
// In the libvips error of a failed ranged read: the origin's fault, not the image's.
inline constexpr const char* kRangedReadFailed = "reading the remote original failed";
// The UpstreamFailed error for a libvips error that a failed ranged read caused, if it did.
std::optional<core::Error> ranged_read_failure(const vips::VError& e);
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

// loader.cpp
vips::VImage load_source(const SourceInput& input, const SourceInfo& info, const LoadChoice& choice,
                         bool random_access);
core::Result<core::ImageFormat> format_of_loader(const char* loader_name);
// "jpegload", "tiffload" …: the operation that reads `format`.
const char* loader_name(core::ImageFormat format);

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
std::string encode(const vips::VImage& in, const plan::Encode& encode, const EngineOptions& o);

// jpeg_writer.cpp: JPEG from pixels in memory, for answers up to kJpegWriterMaxPixels.
inline constexpr std::int64_t kJpegWriterMaxPixels = std::int64_t{1} << 22;
bool jpeg_writer_accepts(const vips::VImage& image);
std::string write_jpeg(const vips::VImage& image, int quality);
std::string encode_jpeg_rgbx(const unsigned char* pixels, int width, int height, int quality);
// rgbx_scale.cpp: packed RGBX pixels reduced to `to` with libyuv's box filter.
std::optional<std::vector<unsigned char>> scale_rgbx(const std::vector<unsigned char>& pixels,
                                                     core::Size from, core::Size to);

// tiff_tiles.cpp: a region of one level (page) of a JPEG-compressed tiled TIFF as packed RGBX
// (4 bytes a pixel), read with libtiff + TurboJPEG; nothing when the file or request is outside
// what it covers. `reduced_next`: the pixels will be reduced, so the fast inverse DCT (whose
// rounding differences a reduce averages away) is used.
std::optional<std::vector<unsigned char>>
read_tiff_region_rgbx(const SourceInput& input, int page, core::Rect region,
                      std::chrono::steady_clock::time_point deadline, bool reduced_next);

// jpeg_reader.cpp: this thread's TurboJPEG decompressor (creating one allocates libjpeg's
// state, so each thread keeps one), for whole JPEGs and for TIFF tiles.
tjhandle jpeg_decompressor();
// A whole JPEG decoded at the smallest scaling factor M/8 (M = 1..8) at or
// above `scale`, as packed RGB or grey; nothing when the decode would exceed `max_pixels` or
// TurboJPEG cannot read it cleanly.
struct DecodedJpeg {
    std::vector<unsigned char> pixels;
    int width = 0, height = 0, bands = 3;
};
std::optional<DecodedJpeg> decode_jpeg_scaled(const SourceInput& input, core::Size stored,
                                              double scale, std::int64_t max_pixels);

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
