#include "engine/engine.h"

#include <cmath>
#include <mutex>
#include <thread>

#include "engine/heavy_renders.h"
#include "engine/vips_internal.h"

namespace pictor::engine {
namespace {

using core::Error;
using core::ErrorCode;
using core::Rect;
using core::Result;
using core::Size;
using vips::VImage;

void start_vips_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Images that need random access (rotations, sideways EXIF) are decoded whole. Above
        // its disc threshold (100 MB by default) libvips puts them in a temp file in TMPDIR,
        // which a full disk fails and a killed process leaves behind. pictor's decodes are
        // bounded by limits.max_decoded_pixels already: they stay in memory (read once, at
        // the first decode; the operator's own VIPS_DISC_THRESHOLD wins).
        ::setenv("VIPS_DISC_THRESHOLD", "16g", 0);
        if (VIPS_INIT("pictor") != 0) vips_error_exit("cannot start libvips");
        // Derivatives are cached by pictor itself; libvips' operation cache would only hold
        // memory. Untrusted loaders (ImageMagick, MATLAB, JPEG XL, ...) are never reachable,
        // except OpenJPEG's JPEG 2000 loader: archives keep their masters as JPEG 2000
        // (docs/sources.md), and Debian's OpenJPEG is security-maintained; every JP2 source passes
        // the same header, structure and pixel-limit checks as the others.
        vips_cache_set_max(0);
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoadJp2k", FALSE);
    });
}

std::set<core::ImageFormat> detect_writable(const EngineOptions& o) {
    using core::ImageFormat;
    std::set<ImageFormat> out;
    VImage probe = VImage::black(16, 16, VImage::option()->set("bands", 3))
                       .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
                       .cast(VIPS_FORMAT_UCHAR);
    for (auto f : {ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Webp, ImageFormat::Tiff,
                   ImageFormat::Gif, ImageFormat::Avif, ImageFormat::Jxl, ImageFormat::Jp2}) {
        try {
            if (!detail::encode(probe, plan::Encode{f, 0}, o).empty()) out.insert(f);
        } catch (const vips::VError&) {
        }
        vips_error_clear();
    }
    return out;
}

// Flat JPEGs decoded to at most this many pixels are read with TurboJPEG at any M/8 scale
// (engine/jpeg_reader.cpp); larger decodes stream through libvips' loader, whose memory stays
// at a band of rows.
constexpr std::int64_t kDirectJpegMaxPixels = std::int64_t{6} << 20;

bool needs_random_access(const SourceInfo& info, const plan::Plan& plan) {
    if (info.tiled || (info.orientation != 1 && info.orientation != 2)) return true;
    for (const auto& op : plan.ops)
        if (std::holds_alternative<plan::Rotate>(op)) return true;
    return false;
}

// A region of a pyramid as JPEG, at one of its levels' own scale (a tile) or reduced from the
// level just above (a thumbnail): the level's tiles are read directly (engine/tiff_tiles.cpp)
// instead of through a libvips pipeline over the TIFF.
std::optional<std::string> direct_from_pyramid(const SourceInput& input, const SourceInfo& info,
                                               const plan::Plan& plan,
                                               const detail::LeadingGeometry& g,
                                               const LoadChoice& choice, detail::JpegCoding coding,
                                               std::chrono::steady_clock::time_point deadline,
                                               RenderStats* stats) {
    if (info.format != core::ImageFormat::Tiff || info.level_kind == LevelKind::SubIfd ||
        info.orientation != 1 || !detail::is_direct_jpeg(plan, g))
        return std::nullopt;
    Rect at_level = detail::region_at_level(g.region, info.size, choice.loaded);
    if (at_level.width < g.target.width || at_level.height < g.target.height ||
        at_level.size().area() > 4 * detail::kJpegWriterMaxPixels)
        return std::nullopt; // an upscale, or a large read: the general path
    // The level opened once, for the coefficient copy and for the decode that may follow it.
    std::optional<detail::TiffFile> file;
    detail::TiffFile* tif = detail::open_jpeg_tiled_level(file, input, choice.level);
    auto layout = tif ? detail::jpeg_tiled_layout(tif->get()) : std::nullopt;
    if (!layout || !detail::holds_region(*layout, at_level)) return std::nullopt;
    // A tile at the level's own scale: the stored tiles' coefficients, without decoding them.
    if (at_level.size() == g.target)
        if (auto copied =
                detail::copy_tiff_region_jpeg(tif->get(), *layout, at_level, coding, deadline)) {
            if (stats) stats->decoded_pixels = 0;
            return copied;
        }
    auto pixels = detail::read_tiff_region_rgbx(tif->get(), *layout, at_level, deadline,
                                                at_level.size() != g.target);
    if (!pixels) return std::nullopt;
    try {
        if (at_level.size() == g.target)
            return detail::encode_jpeg_rgbx(pixels->data(), g.target.width, g.target.height,
                                            coding);
        // The level is at most twice the target (choose_load picks the one just above): a box
        // filter (area average) is an adequate anti-aliasing reduce at that ratio.
        auto reduced =
            detail::scale_rgbx(pixels->data(), at_level.width * 4, at_level.size(), g.target);
        if (!reduced) return std::nullopt;
        return detail::encode_jpeg_rgbx(reduced->data(), g.target.width, g.target.height, coding);
    } catch (const vips::VError&) { // the JPEG compressor failed
        vips_error_clear();
        return std::nullopt; // the general path reports it properly
    }
}

// Maps the region from full-size displayed coordinates onto the loaded (shrunk) image.
VImage crop_loaded(const VImage& img, Rect region, Size full) {
    if (region == Rect{0, 0, full.width, full.height}) return img;
    Rect r = detail::region_at_level(region, full, {img.width(), img.height()});
    return img.extract_area(r.x, r.y, r.width, r.height);
}

struct ApplyStep {
    VImage img;
    void operator()(const plan::Crop& c) { img = detail::crop(img, c.rect); }
    void operator()(const plan::Resize& r) { img = detail::resize(img, r.size); }
    void operator()(const plan::Mirror&) { img = detail::mirror(img); }
    void operator()(const plan::Rotate& r) { img = detail::rotate(img, r.degrees, r.background); }
    void operator()(const plan::ToneMap& t) { img = detail::tone_map(img, t.tone); }
    void operator()(const plan::Canvas& c) { img = detail::canvas(img, c.size); }
    void operator()(const plan::Blur& b) { img = img.gaussblur(b.sigma); }
    void operator()(const plan::Sharpen& s) {
        img = img.sharpen(vips::VImage::option()->set("sigma", s.sigma));
    }
    void operator()(const plan::Text& t) { img = detail::text(img, t); }
    void operator()(const plan::Watermark& w) { img = detail::watermark(img, w); }
    void operator()(const plan::Shade& s) { img = detail::shade(img, s); }
    void operator()(const plan::Colorize& c) { img = detail::colorize(img, c); }
    void operator()(const plan::Fill& f) { img = detail::fill(img, f); }
};

// Kept EXIF fields change the answer's bytes: part of every cache key.
std::string keep_signature(const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& f : fields)
        out += (out.empty() ? "/keep:" : ",") + f;
    return out;
}

} // namespace

Engine::Engine(EngineOptions options)
    : options_(options),
      heavy_(std::make_shared<detail::HeavyRenders>(
          options.heavy_renders > 0 ? options.heavy_renders
                                    : std::max(1U, std::thread::hardware_concurrency()))) {
    start_vips_once();
    vips_concurrency_set(options_.vips_concurrency);
    writable_ = detect_writable(options_);
}

std::string Engine::signature() const {
    const auto& o = options_;
    return std::string("vips-") + vips_version_string() +
           (o.jpeg_optimize ? "/libjpeg-opt+dct-copy/q" : "/libjpeg+dct-copy/q") +
           std::to_string(o.jpeg_quality) + "," + std::to_string(o.webp_quality) + "," +
           std::to_string(o.avif_quality) + "/png" + std::to_string(o.png_compression) +
           (o.fast_shrink_on_load ? "/fast" : "/margin") + keep_signature(o.keep_exif);
}

Result<SourceInfo> Engine::probe(const SourceInput& input) const {
    return detail::probe_file(input);
}

Result<void> Engine::verify(const std::filesystem::path& path, const SourceInfo& info) const {
    return detail::verify_file(path, info);
}

Result<std::vector<std::pair<std::string, std::string>>>
Engine::metadata(const SourceInput& input) const {
    std::vector<std::pair<std::string, std::string>> out;
    try {
        VImage img = detail::open_image(input, nullptr,
                                        VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        char** fields = vips_image_get_fields(img.get_image());
        for (char** f = fields; f && *f; ++f) {
            std::string name = *f;
            if (img.get_typeof(*f) == VIPS_TYPE_BLOB) continue; // exif-data, icc-profile-data …
            char* value = nullptr;
            if (vips_image_get_as_string(img.get_image(), *f, &value) == 0 && value)
                out.emplace_back(std::move(name), value);
            g_free(value);
        }
        g_strfreev(fields);
    } catch (const vips::VError& e) {
        vips_error_clear();
        if (auto failed = detail::read_failure(e, input)) return *failed;
        return Error{ErrorCode::SourceCorrupt, "the image's header cannot be read", e.what()};
    }
    return out;
}

Result<Encoded> Engine::render(const SourceInput& input, const SourceInfo& info,
                               const plan::Plan& plan, const RenderLimits& limits,
                               RenderStats* stats) const {
    // Raised once every client waiting for this render has gone (see core/cancellation.h).
    core::CancelFlag cancel = core::CancelScope::current();
    if (core::raised(cancel))
        return Error{ErrorCode::Timeout, "nobody waits for this answer any more", {}};
    detail::LeadingGeometry g = detail::leading_geometry(plan, info.size);
    double scale = std::min(static_cast<double>(g.target.width) / g.region.width,
                            static_cast<double>(g.target.height) / g.region.height);
    LoadChoice choice = choose_load(info, scale, options_.fast_shrink_on_load);
    std::int64_t decoded = decoded_pixels(info, choice, g.region);
    // Checked on what the header declares, before any pixel is decoded: a bomb (a small file
    // whose header claims a gigapixel) is refused here in milliseconds.
    std::int64_t read = read_pixels(info, choice, g.region);
    if (read > decoded && read > limits.max_decoded_pixels)
        return Error::too_large(
            "the source image is " + std::to_string(info.stored.width) + "x" +
            std::to_string(info.stored.height) + " pixels; this server decodes at most " +
            std::to_string(limits.max_decoded_pixels) + " pixels for one request (the limit)");
    if (decoded > limits.max_decoded_pixels)
        return Error::too_large("this request would decode " + std::to_string(decoded) +
                                " pixels, above the limit of " +
                                std::to_string(limits.max_decoded_pixels));
    if (stats) *stats = {choice.level, choice.jpeg_shrink, decoded};
    detail::JpegCoding coding{plan.encode.quality > 0 ? plan.encode.quality : options_.jpeg_quality,
                              options_.jpeg_optimize};
    if (auto bytes =
            direct_from_pyramid(input, info, plan, g, choice, coding, limits.deadline, stats))
        return Encoded{std::move(*bytes), core::ImageFormat::Jpeg, g.target};
    // A large decode waits for a heavy render's place (engine/heavy_renders.h).
    std::optional<detail::HeavyRenders::Place> place;
    if (read >= detail::kHeavyRenderPixels) {
        place.emplace(*heavy_, limits.deadline, cancel);
        if (!place->held())
            return Error{ErrorCode::Timeout,
                         core::raised(cancel) ? "nobody waits for this answer any more"
                                              : "the request took too long waiting for a worker",
                         {}};
    }
    // Pixels a direct JPEG decode produced; libvips reads them until the answer is encoded.
    std::optional<detail::DecodedJpeg> jpeg;
    // Kept EXIF fields (engine.keep_metadata) are copied from libvips' loaded image.
    if (info.format == core::ImageFormat::Jpeg && !info.has_icc && !input.is_ranged() &&
        options_.keep_exif.empty()) {
        double want = options_.fast_shrink_on_load ? scale : std::min(1.0, 2 * scale);
        jpeg = detail::decode_jpeg_scaled(input, info.stored, want, kDirectJpegMaxPixels);
        if (jpeg && stats) stats->decoded_pixels = std::int64_t{jpeg->width} * jpeg->height;
    }
    try {
        VImage img =
            jpeg ? VImage::new_from_memory(jpeg->pixels.data(), jpeg->pixels.size(), jpeg->width,
                                           jpeg->height, jpeg->bands, VIPS_FORMAT_UCHAR)
                 : detail::load_source(input, info, choice, needs_random_access(info, plan));
        if (jpeg && info.orientation != 1) img.set(VIPS_META_ORIENTATION, info.orientation);
        if (info.orientation != 1) img = img.autorot();
        img = crop_loaded(img, g.region, info.size);
        img = jpeg ? detail::resize_in_memory(img, g.target) : detail::resize(img, g.target);
        ApplyStep step{detail::to_srgb(img)};
        for (std::size_t i = g.consumed; i < plan.ops.size(); ++i)
            std::visit(step, plan.ops[i]);
        if (plan.encode.dpi_x > 0) // libvips keeps resolution in pixels per millimetre
            step.img = step.img.copy(VImage::option()
                                         ->set("xres", plan.encode.dpi_x / 25.4)
                                         ->set("yres", plan.encode.dpi_y / 25.4));
        detail::DeadlineGuard guard(step.img, limits.deadline, cancel);
        if (guard.expired()) return Error{ErrorCode::Timeout, "the request took too long", {}};
        Encoded out;
        out.bytes = detail::encode(step.img, plan.encode, options_);
        out.format = plan.encode.format;
        out.size = {step.img.width(), step.img.height()};
        return out;
    } catch (const vips::VError& e) {
        vips_error_clear();
        if (core::raised(cancel))
            return Error{ErrorCode::Timeout, "the client went away and the work was stopped",
                         e.what()};
        if (std::chrono::steady_clock::now() > limits.deadline)
            return Error{ErrorCode::Timeout, "the request took too long and was cancelled",
                         e.what()};
        if (auto failed = detail::read_failure(e, input)) return *failed;
        return Error{ErrorCode::SourceCorrupt, "the source image is damaged or truncated",
                     e.what()};
    }
}

} // namespace pictor::engine
