// Pyramidal TIFFs: what `pictor process --pyramid` writes, and what the side-cars of large flat
// sources are (service/pyramid_sidecars). One save, so both are the same file.
// The TIFF is written by pictor (core::TempFile through engine/file_target.cpp), never by
// libvips to a file of its own: libvips 8.14's TIFF writer writes each reduced level to a temp
// file ("vips-*.target") and, when the disk fills mid-write, crashes in libtiff's TIFFClose →
// vips_target_seek on its error path (it killed the whole server). Through pictor's target a
// full disk is one failed write() that pictor answers after the save, and no temp file of
// libvips' is ever left behind.
#include <functional>

#include "core/atomic_file.h"
#include "engine/vips_internal.h"

namespace pictor::engine {

PyramidCompression pyramid_compression(const SourceInfo& info) {
    using core::ImageFormat;
    // Photographic sources were lossy already: JPEG tiles at a quality high enough to add no
    // visible loss (PSNR >= 40 dB against the flat path, tested). Alpha and lossless formats
    // (PNG, TIFF, GIF, JPEG 2000) keep every value: deflate.
    bool photographic = info.format == ImageFormat::Jpeg || info.format == ImageFormat::Webp ||
                        info.format == ImageFormat::Heif || info.format == ImageFormat::Avif;
    return photographic && !info.has_alpha ? PyramidCompression::Jpeg : PyramidCompression::Deflate;
}

namespace {

void on_eval(VipsImage*, VipsProgress* progress, void* listener) {
    (*static_cast<const std::function<void(int)>*>(listener))(progress->percent);
}

// Saves the upright sRGB image `upright()` makes (its errors, thrown while the pixels are read,
// are the source's) to a temp file beside `out` as it is made, then renames it.
core::Result<void> save_pyramid(const std::function<vips::VImage()>& upright,
                                PyramidCompression compression, const std::filesystem::path& out,
                                const std::function<void(int)>& progress = {}) {
    auto file = core::TempFile::create(out.parent_path());
    if (!file) return file.error();
    try {
        auto* options = vips::VImage::option()
                            ->set("tile", true)
                            ->set("pyramid", true)
                            ->set("tile_width", 256)
                            ->set("tile_height", 256)
                            ->set("strip", true);
        if (compression == PyramidCompression::Jpeg)
            options->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_JPEG)
                ->set("Q", kPyramidJpegQuality);
        else
            options->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE)
                ->set("predictor", VIPS_FOREIGN_TIFF_PREDICTOR_HORIZONTAL);
        vips::VImage image = upright();
        if (progress) { // libvips reports as it computes the image's tiles
            vips_image_set_progress(image.get_image(), TRUE);
            g_signal_connect(image.get_image(), "eval", G_CALLBACK(on_eval),
                             const_cast<std::function<void(int)>*>(&progress));
        }
        image.tiffsave_target(detail::file_target(*file), options);
    } catch (const vips::VError& e) {
        vips_error_clear();
        if (auto failed = detail::ranged_read_failure(e)) return *failed;
        return core::Error{core::ErrorCode::SourceCorrupt, "cannot convert the source", e.what()};
    }
    auto temp = file->finish(); // a full disk, met while writing, is reported here
    if (!temp) return temp.error();
    return core::commit_file(*temp, out);
}

} // namespace

vips::VImage detail::open_upright(const SourceInput& in, const SourceInfo& info) {
    // Streaming keeps memory near one band of rows; turning a sideways image upright needs it
    // whole (libvips then decodes it once into memory).
    bool turns = info.orientation != 1 && info.orientation != 2;
    std::optional<vips::VImage> png;
    if (info.format == core::ImageFormat::Png && !turns) png = open_png(in, info);
    vips::VImage img =
        png ? *png
            : open_image(in, loader_name(info.format),
                         vips::VImage::option()
                             ->set("access", turns ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL)
                             ->set("fail_on", VIPS_FAIL_ON_ERROR));
    if (info.orientation != 1) img = img.autorot();
    return to_srgb(img);
}

core::Result<void> Engine::write_pyramid(const SourceInput& in, const std::filesystem::path& out,
                                         const std::function<void(int)>& progress) const {
    auto info = probe(in);
    if (!info) return info.error();
    return save_pyramid([&] { return detail::open_upright(in, *info); }, pyramid_compression(*info),
                        out, progress);
}

core::Result<void> Engine::write_pyramid(const DecodedSource& decoded,
                                         const std::filesystem::path& out) const {
    const auto& full = decoded.levels.front();
    return save_pyramid(
        [&] {
            return vips::VImage::new_from_memory(full.pixels.get(), full.bytes(), full.width,
                                                 full.height, 4, VIPS_FORMAT_UCHAR)
                .extract_band(0, vips::VImage::option()->set("n", 3))
                .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
        },
        pyramid_compression(decoded.info), out);
}

} // namespace pictor::engine
