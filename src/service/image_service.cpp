#include "service/image_service.h"

#include "plan/output_size.h"

namespace pictor::service {

using core::Error;
using core::Result;

ImageService::ImageService(const config::LimitsConfig& limits, const store::SourceStore& store,
                           const engine::Engine& engine)
    : limits_(limits), store_(store), engine_(engine) {}

Result<SourceHandle> ImageService::open(std::string_view identifier) {
    auto file = store_.resolve(identifier);
    if (!file) return file.error();
    std::string key = file->path.string();
    std::string version = file->version();
    if (auto cached = infos_.get(key, version)) return SourceHandle{*file, *cached};
    auto info = engine_.probe(file->path);
    if (!info) return info.error();
    infos_.put(key, version, *info);
    return SourceHandle{*file, *info};
}

Result<Rendition> ImageService::render(const SourceHandle& source, const plan::Plan& plan,
                                       Deadline deadline) const {
    core::Size out = plan::output_size(plan, source.info.size);
    if (out.area() > limits_.max_output_pixels)
        return Error::too_large("the answer would have " + std::to_string(out.area()) +
                                " pixels, above the limit of " +
                                std::to_string(limits_.max_output_pixels));
    engine::RenderLimits limits{deadline, limits_.max_decoded_pixels};
    Rendition r;
    auto encoded = engine_.render(source.file.path, source.info, plan, limits, &r.stats);
    if (!encoded) return encoded.error();
    r.image = std::move(*encoded);
    return r;
}

} // namespace pictor::service
