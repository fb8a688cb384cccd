#include "service/imaging_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "service/policy_check.h"

namespace pictor::service {

namespace imaging = dialects::imaging;
using imaging::ApiError;

namespace {

bool holds_any(const policy::Viewer& viewer, const std::vector<std::string>& roles) {
    return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) {
        return std::find(viewer.roles.begin(), viewer.roles.end(), r) != viewer.roles.end();
    });
}

std::size_t count_watermarks(const plan::Plan& plan, std::size_t ops) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < ops && i < plan.ops.size(); ++i)
        n += std::holds_alternative<plan::Watermark>(plan.ops[i]);
    return n;
}

} // namespace

ImagingService::ImagingService(const config::Config& config, RenditionService& renditions,
                               AccessService& access, std::shared_ptr<const imaging::ActionSet> set)
    : actions_path_(config.imaging.actions), catalog_enabled_(config.imaging.catalog),
      thumbnail_sizes_(config.iiif.thumbnail_sizes), renditions_(renditions), access_(access),
      set_(std::move(set)) {
    if (!set_) set_ = std::make_shared<imaging::ActionSet>();
}

core::Result<std::shared_ptr<const imaging::ActionSet>>
ImagingService::load(const std::string& path) {
    if (path.empty()) return std::make_shared<const imaging::ActionSet>();
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Error::failure("imaging.actions: cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto document = nlohmann::ordered_json::parse(text.str(), nullptr, false);
    if (document.is_discarded())
        return core::Error::failure("imaging.actions: " + path + " is not valid JSON");
    auto set = imaging::parse_actions(document);
    if (!set) return core::Error::failure("imaging.actions: " + path + ": " + set.error().message);
    return std::make_shared<const imaging::ActionSet>(std::move(*set));
}

core::Result<void> ImagingService::reload() {
    auto set = load(actions_path_);
    if (!set) return set.error();
    std::lock_guard lock(mutex_);
    set_ = std::move(*set);
    return {};
}

std::shared_ptr<const imaging::ActionSet> ImagingService::actions() const {
    std::lock_guard lock(mutex_);
    return set_;
}

std::vector<imaging::Action> ImagingService::callable(const Credentials& credentials) const {
    auto set = actions();
    std::optional<policy::Viewer> viewer;
    std::vector<imaging::Action> out;
    for (const auto& [name, action] : set->actions) {
        if (!action.roles.empty()) {
            if (!viewer) viewer = access_.viewer(credentials);
            if (!holds_any(*viewer, action.roles)) continue;
        }
        out.push_back(action);
    }
    return out;
}

ImagingResult<ImagingRequest> ImagingService::prepare(const std::string& action_name,
                                                      const std::string& identifier,
                                                      const std::string& transform,
                                                      const Credentials& credentials) {
    auto set = actions();
    auto found = set->actions.find(action_name);
    if (found == set->actions.end())
        return ApiError::unknown_action("unknown action '" + action_name + "'");
    const imaging::Action& action = found->second;
    std::optional<policy::Viewer> viewer;
    auto the_viewer = [&]() -> const policy::Viewer& {
        if (!viewer) viewer = access_.viewer(credentials);
        return *viewer;
    };
    if (!action.roles.empty() && !holds_any(the_viewer(), action.roles))
        return ApiError::forbidden_action("action '" + action_name + "' is not available to you");
    imaging::CommandSet extra;
    if (!transform.empty()) {
        if (!action.transform)
            return ApiError::forbidden("action '" + action_name + "' takes no transform");
        auto parsed = imaging::parse_simplified(transform);
        if (!parsed) return ApiError::malformed_transform(parsed.error().message);
        extra = std::move(*parsed);
    }

    auto source = renditions_.images().open_lenient(identifier);
    if (!source) {
        auto code = source.error().code;
        if (code == core::ErrorCode::NotFound || code == core::ErrorCode::BadRequest)
            return ApiError::resource_not_found("resource '" + identifier + "' not found");
        spdlog::warn("imaging {}: {} ({})", identifier, source.error().message,
                     source.error().detail);
        return ApiError::processing("the image cannot be read: " + source.error().message);
    }
    std::string id = catalog_id(*source, renditions_.images());
    auto lookup = set->preset_lookup();
    imaging::CommandSet commands = set->expanded(action);
    auto own = imaging::compile(commands, id, source->info.size, source->info.format, lookup);
    if (!own) {
        spdlog::warn("imaging action '{}' on {}: {}", action_name, id, own.error().message);
        return ApiError::misconfigured("action '" + action_name +
                                       "' cannot run on this image: " + own.error().message);
    }
    imaging::Compiled compiled = std::move(*own);
    std::size_t action_ops = compiled.plan.ops.size();
    if (!extra.empty()) {
        commands.insert(commands.end(), extra.begin(), extra.end());
        auto with = imaging::compile(commands, id, source->info.size, source->info.format, lookup);
        if (!with) return ApiError::malformed_transform(with.error().message);
        compiled = std::move(*with);
    }
    plan::Plan& plan = compiled.plan;
    const auto& writable = renditions_.images().engine().writable_formats();
    if (!writable.contains(plan.encode.format)) plan.encode.format = core::ImageFormat::Jpeg;

    auto policy = access_.policy_for(id);
    policy::Viewer anyone;
    const policy::Viewer& who = policy.asset().restricted() ? the_viewer() : anyone;
    if (auto refused = resolve_overlays(plan, action_ops, the_viewer)) return *refused;
    auto allowed = authorise_plan(policy, who, policy::ImageServiceKind::Main, plan,
                                  source->info.size, thumbnail_sizes_);
    if (!allowed) return ApiError::forbidden(allowed.error().message);

    ImagingRequest out;
    out.restricted = policy.asset().restricted();
    out.validators = renditions_.validators(*source, plan);
    out.file_name = std::filesystem::path(id).stem().string() + "." + action_name + "." +
                    std::string(core::extension(plan.encode.format));
    out.commands = imaging::to_simplified(imaging::inline_presets(commands, lookup), true);
    out.plan = std::move(plan);
    out.source = std::move(*source);
    return out;
}

// Each watermark's overlay must be a stored image the caller may see in full; its file and
// content hash go into the plan (the hash makes a changed overlay a new derivative).
// `viewer` is asked for only when an overlay is restricted.
std::optional<ApiError>
ImagingService::resolve_overlays(plan::Plan& plan, std::size_t action_ops,
                                 const std::function<const policy::Viewer&()>& viewer) {
    std::size_t from_action = count_watermarks(plan, action_ops), seen = 0;
    for (auto& op : plan.ops) {
        auto* w = std::get_if<plan::Watermark>(&op);
        if (!w) continue;
        bool in_action = seen++ < from_action;
        auto fail = [&](const std::string& why) {
            return in_action ? ApiError::misconfigured(why) : ApiError::malformed_transform(why);
        };
        auto overlay = renditions_.images().open(w->overlay);
        if (!overlay) return fail("watermark overlay '" + w->overlay + "' not found");
        if (overlay->info.size.area() > renditions_.images().limits().max_decoded_pixels)
            return fail("watermark overlay '" + w->overlay + "' is too large");
        auto policy = access_.policy_for(catalog_id(*overlay, renditions_.images()));
        if (policy.asset().restricted() && !policy.may_see_all(viewer()))
            return ApiError::forbidden("watermark overlay '" + w->overlay +
                                       "' is not available to you");
        w->overlay_path = overlay->file.path.string();
        w->overlay_hash = overlay->content_hash;
    }
    return std::nullopt;
}

ImagingResult<ImageAnswer> ImagingService::image(const ImagingRequest& request, Deadline deadline) {
    auto answer = renditions_.render(request.source, request.plan, request.validators, deadline);
    if (answer) return std::move(*answer);
    const auto& e = answer.error();
    switch (e.code) {
    case core::ErrorCode::TooLarge: return ApiError::malformed_transform(e.message);
    case core::ErrorCode::Timeout:
    case core::ErrorCode::Busy: return ApiError::busy(e.message);
    default:
        spdlog::warn("imaging {}: {} ({})", request.plan.source, e.message, e.detail);
        return ApiError::processing(e.message);
    }
}

} // namespace pictor::service
