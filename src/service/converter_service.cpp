#include "service/converter_service.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/digest.h"
#include "service/converter_metadata.h"
#include "service/upload_check.h"

namespace pictor::service {

namespace converter = dialects::converter;
namespace fs = std::filesystem;
using core::Error;
using core::Result;

namespace {

constexpr const char* kSourceName = "source";

core::ImageFormat output_format(converter::TargetType t, bool has_alpha) {
    switch (t) {
    case converter::TargetType::Jpeg: return core::ImageFormat::Jpeg;
    case converter::TargetType::Png: return core::ImageFormat::Png;
    case converter::TargetType::Webp: return core::ImageFormat::Webp;
    case converter::TargetType::Auto: break;
    }
    return has_alpha ? core::ImageFormat::Png : core::ImageFormat::Jpeg;
}

// What the format sees of the source: without EXIF rotation for ~norotate.
engine::SourceInfo as_seen(engine::SourceInfo info, const converter::RequestFormat& f) {
    if (!f.rotate) {
        info.orientation = 1;
        info.size = info.stored;
    }
    return info;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Error unknown_key(const std::string& key) {
    return Error::not_found("no image stored under the key '" + key + "'");
}

} // namespace

Result<std::unique_ptr<ConverterService>>
ConverterService::create(const config::ConverterConfig& config, const config::RuntimeLimits& limits,
                         SourceService& images, CpuPool& pool, state::ConverterStore& store) {
    std::string joined;
    for (const auto& f : config.formats)
        joined += (joined.empty() ? "" : ",") + f;
    auto set = converter::parse_request_formats(joined);
    if (!set) return Error::bad_request("converter.formats: " + set.error().message);
    return std::unique_ptr<ConverterService>(
        new ConverterService(config, limits, images, pool, store, std::move(*set)));
}

ConverterService::ConverterService(const config::ConverterConfig& config,
                                   const config::RuntimeLimits& limits, SourceService& images,
                                   CpuPool& pool, state::ConverterStore& store,
                                   std::vector<converter::RequestFormat> set)
    : images_(images), engine_(images.engine()), store_(store), set_(std::move(set)),
      limits_(limits), context_max_bytes_(config.context_max_bytes),
      context_max_keys_(config.context_max_keys), queue_(pool) {}

Result<state::ConverterRendition> ConverterService::render(const fs::path& folder,
                                                           const engine::SourceInfo& source,
                                                           const converter::RequestFormat& f) {
    engine::SourceInfo info = as_seen(source, f);
    auto g = converter::target_geometry(f, info.size);
    plan::Plan plan;
    plan.source = kSourceName;
    if (g.resized != info.size) plan.ops.push_back(plan::Resize{g.resized});
    if (g.canvas != g.resized) plan.ops.push_back(plan::Canvas{g.canvas});
    plan.encode.format = output_format(f.type, info.has_alpha);
    if (plan.encode.format != core::ImageFormat::Png) plan.encode.quality = f.quality;
    SourceHandle upload;
    upload.file.path = folder / kSourceName;
    upload.info = info;
    auto rendered =
        images_.render(upload, plan, std::chrono::steady_clock::now() + std::chrono::minutes(2));
    if (!rendered) return rendered.error();
    const engine::Encoded* encoded = &rendered->image;
    std::string canonical = f.canonical();
    std::string name = core::sha256_hex(canonical).substr(0, 16) + "." +
                       std::string(core::extension(encoded->format));
    auto bytes = store_.write(folder, name, encoded->bytes);
    if (!bytes) return bytes.error();
    return state::ConverterRendition{canonical,
                                     name,
                                     std::string(core::mime_type(encoded->format)),
                                     encoded->size.width,
                                     encoded->size.height,
                                     *bytes};
}

void ConverterService::render_later(const state::ConverterKey& row, const engine::SourceInfo& info,
                                    const converter::RequestFormat& f, Priority priority) {
    queue_.push(priority, [this, row, info, f] {
        fs::path folder = store_.folder(row.key_hash, row.generation);
        if (!fs::exists(folder / kSourceName)) return; // replaced or cleared meanwhile
        if (auto have = store_.renditions(row); have)  // a request rendered it already
            for (const auto& r : *have)
                if (r.format == f.canonical()) return;
        auto r = render(folder, info, f);
        if (!r) {
            spdlog::warn("preview {} of '{}': {}", f.canonical(), row.key, r.error().message);
            return;
        }
        auto added = store_.add_rendition(row.context, row.key, row.generation, *r);
        std::error_code ec;
        if (!added || !*added) fs::remove(folder / r->file, ec); // a newer set took over
    });
}

Result<std::optional<state::ConverterRendition>>
ConverterService::render_now(const state::ConverterKey& row, const converter::RequestFormat& f) {
    fs::path folder = store_.folder(row.key_hash, row.generation);
    auto info = engine_.probe(folder / kSourceName);
    if (!info) return std::optional<state::ConverterRendition>(); // replaced or cleared
    auto r = render(folder, *info, f);
    if (!r) return r.error();
    auto added = store_.add_rendition(row.context, row.key, row.generation, *r);
    if (!added) return added.error();
    if (!*added) { // a newer set took over: read the key again
        std::error_code ec;
        fs::remove(folder / r->file, ec);
        return std::optional<state::ConverterRendition>();
    }
    return std::optional(std::move(*r));
}

Result<void> ConverterService::cache(const std::string& context, const std::string& key,
                                     std::string_view source,
                                     const std::optional<converter::RequestFormat>& first,
                                     Priority rest) {
    auto started = std::chrono::steady_clock::now();
    auto format = core::sniff_upload_format(source.substr(0, 64));
    if (!format)
        return Error::unsupported_media(
            "the source must be a JPEG, PNG, WebP, GIF, TIFF or HEIF/AVIF image");
    std::string hash = state::ConverterStore::key_hash(context, key);
    auto generation = store_.new_generation(hash);
    if (!generation) return generation.error();
    const auto& [gen, folder] = *generation;
    auto fail = [&, folder = folder](Error e) -> Result<void> {
        std::error_code ec;
        fs::remove_all(folder, ec);
        fs::remove(folder.parent_path(), ec); // the key's folder, if no other generation is there
        return e;
    };
    if (auto w = store_.write(folder, kSourceName, source); !w) return fail(w.error());
    auto info = check_upload(engine_, folder / kSourceName, limits_.max_decoded_pixels());
    if (!info) return fail(info.error());
    auto fields = engine_.metadata(folder / kSourceName);
    UploadFacts facts{info->size, info->format, static_cast<std::int64_t>(source.size()),
                      core::unix_now_s()};
    state::ConverterKey row;
    row.context = context;
    row.key = key;
    row.key_hash = hash;
    row.generation = gen;
    row.source_format = std::string(core::extension(info->format));
    row.width = info->size.width;
    row.height = info->size.height;
    row.has_alpha = info->has_alpha;
    std::vector<std::pair<std::string, std::string>> no_fields;
    row.metadata_json = converter_metadata(facts, fields ? *fields : no_fields).dump();
    row.created_s = row.updated_s = core::unix_now_s();
    row.used_ms = now_ms();
    row.source_bytes = static_cast<std::int64_t>(source.size());
    const converter::RequestFormat& now = first ? *first : set_.front();
    auto rendition = render(folder, *info, now);
    if (!rendition) return fail(rendition.error());
    auto old = store_.swap_in(row, {*rendition});
    if (!old) return fail(old.error());
    if (*old && **old != gen) {
        std::error_code ec;
        fs::remove_all(store_.folder(hash, **old), ec);
    }
    for (const auto& f : set_)
        if (f.canonical() != now.canonical()) render_later(row, *info, f, rest);
    ++keys_processed_;
    // The bound is kept at each upload (the one place a context grows by a key); renditions the
    // queue adds later count at the next upload.
    if (auto evicted = store_.evict(context, key, context_max_bytes_, context_max_keys_))
        keys_evicted_ += static_cast<std::uint64_t>(*evicted);
    else
        spdlog::warn("converter bound of context '{}': {}", context, evicted.error().message);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::lock_guard lock(timings_mutex_);
    key_ms_.add(ms);
    return {};
}

Result<ConverterImage> ConverterService::image(const std::string& context, const std::string& key,
                                               const converter::RequestFormat& wanted) {
    ++gets_;
    // A replace may remove the files of the set just read: then read the new set once more.
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto row = store_.key(context, key);
        if (!row) return row.error();
        if (!*row) return unknown_key(key);
        auto stored = store_.renditions(**row);
        if (!stored) return stored.error();
        // The best match among the stored renditions and the set's formats still queued: a
        // member of the set is never answered by a smaller one while it waits its turn; it is
        // rendered now, on this request's worker.
        std::vector<converter::RequestFormat> formats;
        for (const auto& r : *stored)
            formats.push_back(*converter::parse_request_format(r.format));
        std::size_t stored_count = formats.size();
        for (const auto& f : set_)
            if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
        core::Size source{(*row)->width, (*row)->height};
        auto best = converter::best_match(wanted, formats, source);
        if (!best) return unknown_key(key);
        if (*best >= stored_count) {
            auto rendered = render_now(**row, formats[*best]);
            if (!rendered) return rendered.error();
            if (!*rendered) continue; // a newer set took over meanwhile: read it
            stored->push_back(std::move(**rendered));
            best = stored->size() - 1;
        }
        const auto& r = (*stored)[*best];
        // Its place in the least-recently-used order, written at most once a second a key.
        if (std::int64_t now = now_ms(); now - (*row)->used_ms >= 1000)
            (void)store_.touch(context, key, now);
        if (r.format == wanted.canonical()) ++hits_;
        std::ifstream in(store_.folder((*row)->key_hash, (*row)->generation) / r.file,
                         std::ios::binary);
        if (!in) continue;
        std::ostringstream bytes;
        bytes << in.rdbuf();
        auto metadata = nlohmann::json::parse((*row)->metadata_json, nullptr, false);
        std::string etag =
            "\"" +
            core::sha256_hex((*row)->key_hash + "\n" + (*row)->generation + "\n" + r.format)
                .substr(0, 32) +
            "\"";
        return ConverterImage{std::move(bytes).str(),
                              r.mime,
                              r.format,
                              {r.width, r.height},
                              metadata.is_discarded() ? nlohmann::json::object() : metadata,
                              std::move(etag),
                              (*row)->updated_s};
    }
    return Error::internal("the image set of '" + key + "' kept changing while being read");
}

Result<nlohmann::json> ConverterService::metadata(const std::string& context,
                                                  const std::string& key) {
    auto row = store_.key(context, key);
    if (!row) return row.error();
    if (!*row) return unknown_key(key);
    auto doc = nlohmann::json::parse((*row)->metadata_json, nullptr, false);
    if (doc.is_discarded()) return Error::internal("stored metadata of '" + key + "' is damaged");
    return doc;
}

Result<nlohmann::json> ConverterService::describe(const std::string& context,
                                                  const std::string& key) {
    auto row = store_.key(context, key);
    if (!row) return row.error();
    if (!*row) return unknown_key(key);
    auto renditions = store_.renditions(**row);
    if (!renditions) return renditions.error();
    auto list = nlohmann::json::array();
    for (const auto& r : *renditions)
        list.push_back({{"format", r.format},
                        {"mime", r.mime},
                        {"width", r.width},
                        {"height", r.height},
                        {"bytes", r.bytes}});
    const auto& k = **row;
    return nlohmann::json{
        {"context", k.context}, {"key", k.key},       {"sourceFormat", k.source_format},
        {"width", k.width},     {"height", k.height}, {"updated", core::iso_utc(k.updated_s)},
        {"renditions", list}};
}

Result<std::vector<std::string>> ConverterService::keys(const std::optional<std::string>& c) {
    return store_.keys(c);
}

Result<std::int64_t> ConverterService::count(const std::optional<std::string>& c) {
    return store_.count(c);
}

Result<std::int64_t> ConverterService::clear(const std::optional<std::string>& c) {
    return store_.clear(c);
}

Result<std::int64_t> ConverterService::clear_key(const std::string& key) {
    auto n = store_.clear_key(key);
    if (n && *n == 0) return unknown_key(key);
    return n;
}

ConverterStats ConverterService::stats() const {
    ConverterStats s;
    s.gets = gets_;
    s.hits = hits_;
    s.keys_processed = keys_processed_;
    s.keys_evicted = keys_evicted_;
    {
        std::lock_guard lock(timings_mutex_);
        s.key_processing = key_ms_.summary();
    }
    s.queue = queue_.stats();
    return s;
}

} // namespace pictor::service
