#include "service/file_service.h"

#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/digest.h"
#include "core/percent.h"
#include "dialects/file/thumbnail_steps.h"

namespace pictor::service {

namespace file_api = dialects::file;
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

// MediaWiki's variant object; a variant without a URL (an original not offered) has no "url"
// rather than a null one, which MediaWiki's schema does not allow.
json variant(core::Size size, json url, std::optional<std::uint64_t> bytes) {
    json v = {{"mediatype", "BITMAP"},
              {"size", bytes ? json(*bytes) : json(nullptr)},
              {"width", size.width},
              {"height", size.height},
              {"duration", nullptr}};
    if (!url.is_null()) v["url"] = std::move(url);
    return v;
}

} // namespace

FileService::FileService(const config::ThumbnailsConfig& thumbnails, ImagePipeline& pipeline,
                         const OriginalReader& originals, const policy::UrlSignatures* signer)
    : steps_(thumbnails.widths()), capital_links_(thumbnails.capital_links), pipeline_(pipeline),
      originals_(originals), signer_(signer) {
    // Everything of the configuration a listing reads: its ETag changes with any of it.
    std::string settings = "steps";
    for (int w : steps_)
        settings += " " + std::to_string(w);
    settings += capital_links_ ? " capital" : " exact";
    settings += originals_.offered() ? " originals" : " no-originals";
    settings += signer_ ? " signed:" + signer_->fingerprint() : " unsigned";
    shaped_by_ = core::sha256_hex(settings).substr(0, 12);
}

std::string FileService::link(const std::string& base, const std::string& path) const {
    if (!signer_) return base + path;
    auto signed_path = signer_->sign(path);
    return base + (signed_path ? *signed_path : path);
}

core::Result<Sight> FileService::look(const std::string& identifier,
                                      const Credentials& credentials) {
    auto sight = pipeline_.look(identifier, credentials);
    if (!sight && (sight.error().code == ErrorCode::UnsupportedMedia ||
                   sight.error().code == ErrorCode::SourceCorrupt))
        return not_thumbnailable(identifier);
    return sight;
}

std::string FileService::thumb_url(const std::string& base, const std::string& identifier,
                                   int width, core::ImageFormat source) const {
    return link(base,
                "/thumb/" + core::percent_encode(identifier) + "/" +
                    core::percent_encode(file_api::thumbnail_file_name(identifier, width, source)));
}

json FileService::original_url(const std::string& base, const std::string& identifier) const {
    if (!originals_.offered()) return nullptr;
    return link(base, "/original/" + core::percent_encode(identifier));
}

core::Result<FileDocument> FileService::file_info(const std::string& title, const std::string& base,
                                                  const Credentials& credentials) {
    const std::string identifier = resolve(title);
    auto sight = look(identifier, credentials);
    if (!sight) return sight.error();
    const SourceHandle& source = sight->source;
    core::Size full = source.info.size;
    bool whole = static_cast<bool>(sight->allows(full));
    // The width that fits the box, snapped up to a thumbnail; the original when none is as wide.
    // A viewer who may not have that one gets the largest thumbnail it may have (as MediaWiki
    // gives what the reader may see), and none at all when it may have none.
    const auto variants = file_api::thumbnail_variants(full, steps_);
    auto sized = [&](core::Size box) -> std::optional<json> {
        double f = std::min(static_cast<double>(box.width) / full.width,
                            static_cast<double>(box.height) / full.height);
        const auto* thumb =
            file_api::variant_at_least(variants, static_cast<int>(std::lround(full.width * f)));
        if (!thumb && whole)
            return variant(full, original_url(base, identifier), source.file.bytes);
        if (thumb && sight->allows(thumb->size))
            return variant(thumb->size,
                           thumb_url(base, identifier, thumb->size.width, source.info.format),
                           std::nullopt);
        const file_api::ThumbnailVariant* open = nullptr;
        for (const auto& v : variants)
            if (sight->allows(v.size) && (!thumb || v.size.width <= thumb->size.width)) open = &v;
        if (!open) return std::nullopt;
        return variant(open->size,
                       thumb_url(base, identifier, open->size.width, source.info.format),
                       std::nullopt);
    };
    json body = {
        {"title", file_api::display_title(identifier, capital_links_)},
        {"file_description_url", link(base, "/v1/file/" + core::percent_encode(identifier))},
        {"latest",
         {{"timestamp", core::iso_utc(source.file.mtime_ns / 1'000'000'000)}, {"user", nullptr}}},
        // The original's facts; its URL only for a viewer who may have it.
        {"original",
         variant(full, whole ? original_url(base, identifier) : json(nullptr), source.file.bytes)},
    };
    auto preferred = sized(kPreferredBox);
    auto thumbnail = sized({kThumbnailBox, kThumbnailBox});
    if (preferred) body["preferred"] = std::move(*preferred);
    if (thumbnail) body["thumbnail"] = std::move(*thumbnail);
    if (!thumbnail && !body["original"].contains("url"))
        if (auto denied = sight->allows(full); !denied) return denied.error();
    return FileDocument{std::move(body), document_validators(*sight, shaped_by_),
                        sight->depends_on_viewer()};
}

core::Result<FileDocument> FileService::thumbnails(const std::string& title,
                                                   const std::string& base,
                                                   const Credentials& credentials) {
    const std::string identifier = resolve(title);
    auto sight = look(identifier, credentials);
    if (!sight) return sight.error();
    const SourceHandle& source = sight->source;
    core::Size full = source.info.size;
    auto format = file_api::thumbnail_format(source.info.format);
    auto variants = file_api::thumbnail_variants(full, steps_);
    json list = json::array();
    for (const auto& v : variants) {
        if (!sight->allows(v.size)) continue;
        json entry = {{"width", v.size.width},
                      {"height", v.size.height},
                      {"url", thumb_url(base, identifier, v.size.width, source.info.format)},
                      {"mime", std::string(core::mime_type(format))}};
        json urls = json::object();
        for (const auto& [key, size] : v.responsive) // only those the viewer may fetch too
            if (sight->allows(size))
                urls[key] = thumb_url(base, identifier, size.width, source.info.format);
        if (!urls.empty()) entry["responsive_urls"] = std::move(urls);
        list.push_back(std::move(entry));
    }
    if (list.empty()) {
        if (auto denied = sight->allows(full); !denied && !variants.empty())
            return denied.error();            // the viewer may see none of them
        return not_thumbnailable(identifier); // narrower than every step
    }
    json original = {{"mediatype", "BITMAP"}, {"width", full.width}, {"height", full.height}};
    if (sight->allows(full)) // its URL only for a viewer who may have it, and when offered
        if (auto url = original_url(base, identifier); !url.is_null())
            original["url"] = std::move(url);
    json body = {{"title", file_api::display_title(identifier, capital_links_)},
                 {"original", std::move(original)},
                 {"thumbnails", std::move(list)}};
    return FileDocument{std::move(body), document_validators(*sight, shaped_by_),
                        sight->depends_on_viewer()};
}

core::Result<PreparedImage> FileService::prepare_thumb(const file_api::FilePath& path,
                                                       const Credentials& credentials) {
    const std::string identifier = resolve(path.identifier);
    ImageJob job;
    job.identifier = identifier;
    job.credentials = credentials;
    job.compile = [&](const Sight& sight, std::string&) -> core::Result<plan::Plan> {
        core::Size full = sight.source.info.size;
        auto variants = file_api::thumbnail_variants(full, steps_);
        auto thumb = file_api::thumbnail_of_width(variants, path.width);
        if (!thumb) {
            if (variants.empty())
                return Error::bad_request("The file (" + identifier + ") is " +
                                          std::to_string(full.width) +
                                          " px wide; no standard thumbnail width is narrower.");
            std::string widths;
            for (int w : file_api::thumbnail_widths(variants))
                widths += (widths.empty() ? "" : ", ") + std::to_string(w);
            return Error::bad_request("Use one of the thumbnail widths of this file: " + widths +
                                      ".");
        }
        std::string expected =
            file_api::thumbnail_file_name(identifier, path.width, sight.source.info.format);
        if (!file_api::same_title(std::to_string(path.width) + "px-" + path.file_name, expected))
            return Error::not_found("No such thumbnail; this one is named " + expected + ".");
        plan::Plan plan;
        plan.source = identifier;
        plan.ops.push_back(plan::Resize{*thumb});
        plan.encode.format = file_api::thumbnail_format(sight.source.info.format);
        return plan;
    };
    auto prepared = pipeline_.prepare(job);
    if (!prepared && (prepared.error().code == ErrorCode::UnsupportedMedia ||
                      prepared.error().code == ErrorCode::SourceCorrupt))
        return not_thumbnailable(identifier);
    return prepared;
}

std::string FileService::resolve(const std::string& title) const {
    auto candidates = file_api::title_candidates(title, capital_links_);
    for (const auto& name : candidates)
        if (pipeline_.sources().locate(name, false)) return name;
    return candidates.front(); // none exists: the 404 names the title without its namespace
}

core::Result<OriginalFile> FileService::original(const std::string& title,
                                                 const Credentials& credentials) {
    auto sight = look(resolve(title), credentials);
    if (!sight) return sight.error();
    return originals_.read(*sight);
}

} // namespace pictor::service
