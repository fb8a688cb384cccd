#include <unistd.h>

#include "engine/vips_internal.h"

namespace pictor::engine {

core::Result<void> Engine::write_pyramid(const std::filesystem::path& in,
                                         const std::filesystem::path& out) const {
    auto info = probe(in);
    if (!info) return info.error();
    auto tmp = out;
    tmp += ".tmp-" + std::to_string(::getpid());
    try {
        vips::VImage img =
            vips::VImage::new_from_file(in.c_str(), vips::VImage::option()
                                                        ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                        ->set("fail_on", VIPS_FAIL_ON_ERROR));
        if (info->orientation != 1) img = img.autorot();
        img = detail::to_srgb(img);
        img.tiffsave(tmp.c_str(), vips::VImage::option()
                                      ->set("tile", true)
                                      ->set("pyramid", true)
                                      ->set("tile_width", 256)
                                      ->set("tile_height", 256)
                                      ->set("compression", VIPS_FOREIGN_TIFF_COMPRESSION_JPEG)
                                      ->set("Q", 90)
                                      ->set("strip", true));
    } catch (const vips::VError& e) {
        vips_error_clear();
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return core::Error{core::ErrorCode::SourceCorrupt, "cannot convert the source", e.what()};
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) return core::Error::internal("rename " + tmp.string() + ": " + ec.message());
    return {};
}

} // namespace pictor::engine
