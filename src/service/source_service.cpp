#include "service/source_service.h"

#include "core/digest.h"

namespace pictor::service {

using core::Error;
using core::Result;

SourceService::SourceService(const config::RuntimeLimits& limits, const sources::SourceStore& store,
                             const engine::Engine& engine)
    : limits_(limits), store_(store), engine_(engine) {}

Result<sources::SourceFile> SourceService::locate(std::string_view identifier, bool lenient) const {
    auto exact = store_.resolve(identifier);
    if (!lenient || exact || exact.error().code != core::ErrorCode::NotFound) return exact;
    // "photo.jpg.webp" -> "photo.jpg"; then "123" -> "123.jpg" when exactly one file has it.
    std::string_view stem = identifier;
    auto dot = identifier.rfind('.');
    auto slash = identifier.rfind('/');
    if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1)) {
        stem = identifier.substr(0, dot);
        auto without = store_.resolve(stem);
        if (without || without.error().code != core::ErrorCode::NotFound) return without;
    }
    if (auto by_stem = store_.find_by_stem(stem)) return store_.resolve(*by_stem);
    return exact;
}

std::optional<Result<sources::SourceFile>> SourceService::locate_known(std::string_view identifier,
                                                                       bool lenient) const {
    if (!store_.remote(identifier)) return locate(identifier, lenient);
    if (auto cached = store_.resolve_cached(identifier))
        return Result<sources::SourceFile>(*cached);
    return std::nullopt; // a fetch or a revalidation: a worker's job
}

bool SourceService::unchanged(std::string_view identifier, const sources::SourceFile& was) const {
    if (!store_.remote(identifier)) return store_.unchanged(identifier, was);
    auto cached = store_.resolve_cached(identifier);
    return cached && cached->path == was.path && cached->mtime_ns == was.mtime_ns &&
           cached->bytes == was.bytes && cached->origin_version == was.origin_version;
}

std::string SourceService::catalog_id(const sources::SourceFile& file) const {
    if (!file.remote_identifier.empty()) return file.remote_identifier;
    return file.path.lexically_relative(store_.root()).generic_string();
}

namespace {

// How long a render waits for a side-car being built before it decodes the flat source itself.
constexpr std::chrono::seconds kWaitForPyramid{5};

engine::SourceInput input_of(const sources::SourceFile& file) {
    if (file.ranged) return engine::SourceInput(file.ranged);
    return engine::SourceInput(file.path);
}

// A ranged original is never read whole: its origin's version (the ETag) stands in for the
// content's hash.
Result<std::string> content_hash(const sources::SourceFile& file) {
    if (file.ranged) return core::sha256_hex(file.location() + "\n" + file.origin_version);
    return core::sha256_file(file.path);
}

} // namespace

Result<SourceHandle> SourceService::open(const sources::SourceFile& file) {
    std::string key = file.location();
    std::string version = file.version();
    auto sidecar = [&](const SourceFacts& facts) -> std::shared_ptr<const PyramidSidecar> {
        if (!sidecars_ || !sidecars_->wants(file, facts.info)) return nullptr;
        return sidecars_->ready(facts.content_hash);
    };
    if (auto cached = infos_.get(key, version))
        return SourceHandle{file, cached->info, cached->content_hash, sidecar(*cached)};
    auto info = engine_.probe(input_of(file));
    if (!info) return info.error();
    auto hash = content_hash(file);
    if (!hash) return hash.error();
    SourceFacts facts{*info, *hash};
    infos_.put(key, version, facts);
    return SourceHandle{file, *info, *hash, sidecar(facts)};
}

std::optional<SourceHandle> SourceService::open_known(const sources::SourceFile& file) const {
    auto cached = infos_.get(file.location(), file.version());
    if (!cached) return std::nullopt;
    std::shared_ptr<const PyramidSidecar> pyramid;
    if (sidecars_ && sidecars_->wants(file, cached->info))
        pyramid = sidecars_->ready_known(cached->content_hash);
    return SourceHandle{file, cached->info, cached->content_hash, std::move(pyramid)};
}

bool SourceService::request_pyramid(const SourceHandle& source, BuildFor purpose) const {
    return sidecars_ && !source.pyramid && sidecars_->wants(source.file, source.info) &&
           sidecars_->request(source.content_hash, source.file.path, source.info, purpose);
}

Result<SourceHandle> SourceService::open(std::string_view identifier) {
    auto file = locate(identifier, false);
    if (!file) return file.error();
    return open(*file);
}

Result<Rendition> SourceService::render(const SourceHandle& source, const plan::Plan& plan,
                                        Deadline deadline) const {
    engine::RenderLimits limits{deadline, limits_.max_decoded_pixels()};
    Rendition r;
    if (source.pyramid) {
        auto encoded =
            engine_.render(source.pyramid->path, source.pyramid->info, plan, limits, &r.stats);
        if (encoded) {
            sidecars_->rendered();
            r.image = std::move(*encoded);
            return r;
        }
        if (encoded.error().code != core::ErrorCode::SourceCorrupt) return encoded.error();
        // A damaged or vanished side-car: drop it and answer from the source itself.
        sidecars_->discard(source.content_hash);
    }
    // A build running for this source (started by an earlier request, an info.json or an
    // upload) is waited for: it costs less than decoding the flat source once more. A viewer's
    // build holds the decoded source before it writes: tiles are cut from that meanwhile.
    if (request_pyramid(source)) {
        auto until = std::min(deadline, std::chrono::steady_clock::now() + kWaitForPyramid);
        if (auto copy = sidecars_->wait_for_decoded(source.content_hash, until))
            if (auto encoded = engine_.render_decoded(*copy, plan)) {
                sidecars_->rendered_decoded();
                r.image = std::move(*encoded);
                return r;
            }
        if (auto built = sidecars_->wait_for(source.content_hash, until)) {
            SourceHandle via = source;
            via.pyramid = std::move(built);
            return render(via, plan, deadline);
        }
    }
    auto encoded = engine_.render(input_of(source.file), source.info, plan, limits, &r.stats);
    if (!encoded) return encoded.error();
    r.image = std::move(*encoded);
    return r;
}

} // namespace pictor::service
