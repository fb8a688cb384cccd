#include "service/upload_check.h"

#include <string>

namespace pictor::service {

core::Result<engine::SourceInfo> check_upload(const engine::Engine& engine,
                                              const std::filesystem::path& written,
                                              std::int64_t max_pixels) {
    auto info = engine.probe(written);
    if (!info) {
        core::Error e = info.error();
        if (e.code == core::ErrorCode::SourceCorrupt)
            e.message = "the upload is damaged and cannot be read";
        return e;
    }
    if (info->stored.area() > max_pixels)
        return core::Error::too_large("the upload has " + std::to_string(info->stored.area()) +
                                      " pixels, above the limit of " + std::to_string(max_pixels));
    if (auto decoded = engine.verify(written, *info); !decoded) {
        core::Error e = decoded.error();
        e.message = "the upload is damaged or truncated and cannot be decoded";
        return e;
    }
    return info;
}

} // namespace pictor::service
