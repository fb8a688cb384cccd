#include "service/file_service.h"

#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/percent.h"
#include "dialects/thumbnails/thumbnail_steps.h"
#include "service/policy_check.h"

namespace pictor::service {

namespace thumbs = dialects::thumbnails;
using core::Error;
using core::ErrorCode;
using nlohmann::json;

namespace {

// MediaWiki's "preferred" variant: the 800x600 box of $wgImageLimits, snapped up to a step.
constexpr core::Size kPreferredBox{800, 600};
// And its "thumbnail": the default thumbsize box of Wikimedia wikis.
constexpr int kThumbnailBox = 250;

Error not_thumbnailable(const std::string& identifier) {
    return {ErrorCode::UnsupportedMedia,
            "The file (" + identifier + ") does not support public thumbnail generation.",
            {}};
}

json variant(core::Size size, const std::string& url, std::optional<std::uint64_t> bytes) {
    return {{"mediatype", "BITMAP"}, {"size", bytes ? json(*bytes) : json(nullptr)},
            {"width", size.width},   {"height", size.height},
            {"duration", nullptr},   {"url", url}};
}

} // namespace

FileService::FileService(const config::Config& config, RenditionService& renditions,
                         AccessService& access)
    : steps_(config.thumbnail_steps()), thumbnail_sizes_(config.iiif.thumbnail_sizes),
      renditions_(renditions), access_(access) {}

core::Result<void> FileService::Gate::allows(core::Size output) const {
    return policy.authorise(viewer, policy::ImageServiceKind::Main, {true, output}, public_sizes);
}

FileService::Gate FileService::gate(const SourceHandle& source,
                                    const Credentials& credentials) const {
    auto policy = access_.policy_for(catalog_id(source, renditions_.images()));
    policy::Viewer viewer;
    if (policy.asset().restricted()) viewer = access_.viewer(credentials);
    std::vector<core::Size> sizes; // only consulted for a viewer who may not see everything
    if (!policy.may_see_all(viewer))
        sizes = public_thumbnail_sizes(policy, source.info.size, thumbnail_sizes_);
    return Gate{std::move(policy), std::move(viewer), std::move(sizes)};
}

FileResult<SourceHandle> FileService::open_image(const std::string& identifier) {
    auto source = renditions_.images().open(identifier);
    if (!source && (source.error().code == ErrorCode::UnsupportedMedia ||
                    source.error().code == ErrorCode::SourceCorrupt))
        return not_thumbnailable(identifier);
    return source;
}

std::string FileService::thumb_url(const std::string& base, const std::string& identifier, int step,
                                   core::ImageFormat source) const {
    return base + "/thumb/" + core::percent_encode(identifier) + "/" +
           core::percent_encode(thumbs::thumbnail_file_name(identifier, step, source));
}

std::string FileService::original_url(const std::string& base,
                                      const std::string& identifier) const {
    return base + "/original/" + core::percent_encode(identifier);
}

FileResult<FileDocument> FileService::file_info(const std::string& identifier,
                                                const std::string& base,
                                                const Credentials& credentials) {
    auto source = open_image(identifier);
    if (!source) return source.error();
    core::Size full = source->info.size;
    Gate g = gate(*source, credentials);
    auto only_if_allowed = [&](json v) {
        if (!g.allows({v["width"].get<int>(), v["height"].get<int>()})) v["url"] = nullptr;
        return v;
    };
    // The box's width, snapped up to a step; the original when no step is narrower.
    auto sized = [&](core::Size box) -> json {
        double f = std::min(static_cast<double>(box.width) / full.width,
                            static_cast<double>(box.height) / full.height);
        auto step = thumbs::step_at_least(static_cast<int>(std::lround(full.width * f)), full.width,
                                          steps_);
        if (!step) return variant(full, original_url(base, identifier), source->file.bytes);
        return variant(thumbs::fit_in_step(full, *step),
                       thumb_url(base, identifier, *step, source->info.format), std::nullopt);
    };
    json body = {
        {"title", identifier},
        {"file_description_url", base + "/v1/file/" + core::percent_encode(identifier)},
        {"latest",
         {{"timestamp", core::iso_utc(source->file.mtime_ns / 1'000'000'000)}, {"user", nullptr}}},
        {"preferred", only_if_allowed(sized(kPreferredBox))},
        {"original",
         only_if_allowed(variant(full, original_url(base, identifier), source->file.bytes))},
        {"thumbnail", only_if_allowed(sized({kThumbnailBox, kThumbnailBox}))},
    };
    bool restricted = g.policy.asset().restricted();
    if (restricted && body["thumbnail"]["url"].is_null() && body["original"]["url"].is_null())
        if (auto denied = g.allows(full); !denied) return denied.error();
    return FileDocument{std::move(body),
                        {"\"" + source->content_hash + "\"", source->file.mtime_ns / 1'000'000'000},
                        restricted};
}

FileResult<FileDocument> FileService::thumbnails(const std::string& identifier,
                                                 const std::string& base,
                                                 const Credentials& credentials) {
    auto source = open_image(identifier);
    if (!source) return source.error();
    core::Size full = source->info.size;
    Gate g = gate(*source, credentials);
    auto format = thumbs::thumbnail_format(source->info.format);
    json list = json::array();
    for (const auto& v : thumbs::thumbnail_variants(full, steps_)) {
        if (!g.allows(v.size)) continue;
        json entry = {{"width", v.size.width},
                      {"height", v.size.height},
                      {"url", thumb_url(base, identifier, v.step, source->info.format)},
                      {"mime", std::string(core::mime_type(format))}};
        if (!v.responsive.empty()) {
            json urls = json::object();
            for (const auto& [key, step] : v.responsive)
                urls[key] = thumb_url(base, identifier, step, source->info.format);
            entry["responsive_urls"] = std::move(urls);
        }
        list.push_back(std::move(entry));
    }
    if (list.empty()) {
        if (auto denied = g.allows(full);
            !denied && !thumbs::thumbnail_variants(full, steps_).empty())
            return denied.error();            // the viewer may see none of them
        return not_thumbnailable(identifier); // narrower than every step
    }
    json body = {{"title", identifier},
                 {"original",
                  {{"mediatype", "BITMAP"},
                   {"width", full.width},
                   {"height", full.height},
                   {"url", g.allows(full) ? json(original_url(base, identifier)) : json(nullptr)}}},
                 {"thumbnails", std::move(list)}};
    return FileDocument{std::move(body),
                        {"\"" + source->content_hash + "\"", source->file.mtime_ns / 1'000'000'000},
                        g.policy.asset().restricted()};
}

FileResult<ThumbRequest> FileService::prepare_thumb(const thumbs::FilePath& path,
                                                    const Credentials& credentials) {
    if (!std::binary_search(steps_.begin(), steps_.end(), path.width)) {
        std::string list;
        for (int s : steps_)
            list += (list.empty() ? "" : ", ") + std::to_string(s);
        return Error::bad_request("Use one of the standard thumbnail widths: " + list + ".");
    }
    auto source = open_image(path.identifier);
    if (!source) return source.error();
    core::Size full = source->info.size;
    if (path.width >= full.width)
        return Error::bad_request("The file (" + path.identifier + ") is " +
                                  std::to_string(full.width) +
                                  " px wide; its thumbnails are narrower.");
    std::string expected =
        thumbs::thumbnail_file_name(path.identifier, path.width, source->info.format);
    if (std::to_string(path.width) + "px-" + path.file_name != expected)
        return Error::not_found("No such thumbnail; this one is named " + expected + ".");
    plan::Plan plan;
    plan.source = path.identifier;
    plan.ops.push_back(plan::Resize{thumbs::fit_in_step(full, path.width)});
    plan.encode.format = thumbs::thumbnail_format(source->info.format);
    Gate g = gate(*source, credentials);
    if (auto allowed = g.allows(thumbs::fit_in_step(full, path.width)); !allowed)
        return allowed.error();
    Validators v = renditions_.validators(*source, plan);
    return ThumbRequest{std::move(*source), std::move(plan), std::move(v),
                        g.policy.asset().restricted()};
}

core::Result<ImageAnswer> FileService::thumb(const ThumbRequest& request, Deadline deadline) {
    return renditions_.render(request.source, request.plan, request.validators, deadline);
}

FileResult<OriginalFile> FileService::original(const std::string& identifier,
                                               const Credentials& credentials) {
    auto source = open_image(identifier);
    if (!source) return source.error();
    Gate g = gate(*source, credentials);
    if (auto allowed = g.allows(source->info.size); !allowed) return allowed.error();
    std::ifstream in(source->file.path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof())
        return Error::internal("cannot read " + source->file.path.string());
    Validators v{"\"" + source->content_hash + "\"", source->file.mtime_ns / 1'000'000'000};
    return OriginalFile{std::move(*source), std::move(bytes).str(), std::move(v),
                        g.policy.asset().restricted()};
}

} // namespace pictor::service
