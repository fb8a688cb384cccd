#include "service/image_service.h"

#include "plan/output_size.h"
#include "store/digest.h"

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
    if (auto cached = infos_.get(key, version))
        return SourceHandle{*file, cached->info, cached->content_hash};
    auto info = engine_.probe(file->path);
    if (!info) return info.error();
    auto hash = store::sha256_file(file->path);
    if (!hash) return hash.error();
    infos_.put(key, version, {*info, *hash});
    return SourceHandle{*file, *info, *hash};
}

std::optional<Result<SourceHandle>> ImageService::open_known(std::string_view identifier) {
    auto file = store_.resolve(identifier);
    if (!file) return Result<SourceHandle>(file.error());
    auto cached = infos_.get(file->path.string(), file->version());
    if (!cached) return std::nullopt;
    return Result<SourceHandle>(SourceHandle{*file, cached->info, cached->content_hash});
}

Result<SourceHandle> ImageService::open_lenient(std::string_view identifier) {
    auto exact = open(identifier);
    if (exact || exact.error().code != core::ErrorCode::NotFound) return exact;
    std::string_view stem = identifier;
    auto dot = identifier.rfind('.');
    auto slash = identifier.rfind('/');
    if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1)) {
        stem = identifier.substr(0, dot);
        auto without = open(stem);
        if (without || without.error().code != core::ErrorCode::NotFound) return without;
    }
    if (auto by_stem = store_.find_by_stem(stem)) return open(*by_stem);
    return exact;
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
