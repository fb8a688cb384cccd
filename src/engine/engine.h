#pragma once
// The engine: the only code that talks to libvips. It reads headers (probe), runs a Plan on a
// source file with shrink-on-load and a deadline (render), and writes pyramids.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/source_info.h"
#include "engine/source_input.h"
#include "plan/plan.h"

namespace pictor::engine {

namespace detail {
class HeavyRenders;
}

struct EngineOptions {
    int vips_concurrency = 1;
    int jpeg_quality = 80;
    int webp_quality = 80;
    int avif_quality = 50;
    int png_compression = 6;
    bool fast_shrink_on_load = true;
    // Optimised Huffman tables for every JPEG answer, and progressive scans for thumbnails
    // (engine.jpeg_optimize): 4-9 % fewer bytes for 25-60 % more time on a cheap answer.
    bool jpeg_optimize = false;
    // EXIF fields kept in JPEG, WebP and AVIF/HEIF answers (engine.keep_metadata); all other
    // metadata is always removed.
    std::vector<std::string> keep_exif;
    // Renders decoding a large image (engine/heavy_renders.h) that may run at once
    // (limits.heavy_renders); 0 = one per core.
    int heavy_renders = 0;
};

struct RenderLimits {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    std::int64_t max_decoded_pixels = 100'000'000;
};

struct Encoded {
    std::string bytes;
    core::ImageFormat format = core::ImageFormat::Jpeg;
    core::Size size;
};

// How a pyramid's tiles are compressed (pyramid_compression).
enum class PyramidCompression { Jpeg, Deflate };
inline constexpr int kPyramidJpegQuality = 95;
// JPEG for photographic sources without alpha, deflate for the rest.
PyramidCompression pyramid_compression(const SourceInfo& info);

// The image libraries in use and their versions ("libvips", "8.14.1"), in a fixed order.
std::vector<std::pair<std::string, std::string>> library_versions();

// What libvips holds now, by its own tracking (vips_tracked_*): pixel buffers and open files.
struct VipsResources {
    double bytes = 0;      // tracked memory now
    double peak_bytes = 0; // the most it has held since start
    double allocations = 0;
    double open_files = 0;
};
VipsResources vips_resources();

// A source decoded whole into memory with its successive halvings (Engine::decode_whole).
struct DecodedSource;
// The bytes its pixels hold.
std::size_t decoded_bytes(const DecodedSource& decoded);

struct RenderStats {
    int level = 0;
    int jpeg_shrink = 1;
    std::int64_t decoded_pixels = 0; // 0: the answer was made from stored JPEG coefficients
};

class Engine {
  public:
    // Starts libvips once per process; later calls only update options.
    explicit Engine(EngineOptions options);

    core::Result<SourceInfo> probe(const SourceInput& input) const;
    // Decodes every pixel of a probed file once (for uploads, before they replace anything):
    // SourceCorrupt if any part of it is damaged or missing.
    core::Result<void> verify(const std::filesystem::path& path, const SourceInfo& info) const;
    // Every header field libvips reads (EXIF tags as "exif-ifdN-Name", resolution, …) as text,
    // in libvips' order; binary blobs are left out.
    core::Result<std::vector<std::pair<std::string, std::string>>>
    metadata(const SourceInput& input) const;
    core::Result<Encoded> render(const SourceInput& input, const SourceInfo& info,
                                 const plan::Plan& plan, const RenderLimits& limits,
                                 RenderStats* stats = nullptr) const;
    // A tiled (256 px) pyramidal TIFF of the source, upright and in sRGB, compressed as
    // pyramid_compression() says; written to a temp file beside `out`, then renamed.
    // `progress` (may be empty) hears the share written, 0 to 100, as libvips works.
    core::Result<void> write_pyramid(const SourceInput& in, const std::filesystem::path& out,
                                     const std::function<void(int percent)>& progress = {}) const;
    // The same file from a source decode_whole() holds.
    core::Result<void> write_pyramid(const DecodedSource& decoded,
                                     const std::filesystem::path& out) const;
    // Every pixel of the source, upright and in sRGB, with its successive halvings, in memory:
    // a side-car build writes from it while the first renders of a viewer's visit read it. Null
    // for sources it does not hold (alpha, more than 8 bits a sample).
    core::Result<std::shared_ptr<const DecodedSource>> decode_whole(const SourceInput& in) const;
    // A leading crop and resize as JPEG (a tile, a thumbnail) cut from a decoded source; nothing
    // when the plan asks for more than that.
    std::optional<Encoded> render_decoded(const DecodedSource& decoded,
                                          const plan::Plan& plan) const;

    // A source file's bytes without metadata (metadata_strip.h): JPEG, PNG and WebP keep their
    // compressed pixels; other formats are decoded upright and saved again losslessly in the same
    // format (TIFF: deflate; JPEG 2000, HEIF/AVIF, JPEG XL: lossless mode; GIF: its palette).
    core::Result<std::string> without_metadata(std::string bytes, core::ImageFormat format) const;

    // Formats the linked libvips can write (checked once at start-up).
    const std::set<core::ImageFormat>& writable_formats() const { return writable_; }
    const EngineOptions& options() const { return options_; }
    // Everything besides the plan that decides the output bytes (encoder settings, libvips
    // version): part of every derivative's cache key.
    std::string signature() const;

  private:
    EngineOptions options_;
    std::set<core::ImageFormat> writable_;
    std::shared_ptr<detail::HeavyRenders> heavy_;
};

} // namespace pictor::engine
