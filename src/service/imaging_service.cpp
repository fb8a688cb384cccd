#include "service/imaging_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

namespace pictor::service {

namespace imaging = dialects::imaging;
using core::Error;
using core::Result;
using core::Subject;

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

ImagingService::ImagingService(const config::ImagingConfig& config,
                               const config::RuntimeLimits& limits, ImagePipeline& pipeline,
                               std::set<core::ImageFormat> writable,
                               std::shared_ptr<const imaging::ActionSet> set)
    : actions_path_(config.actions), catalog_enabled_(config.catalog),
      wedia_error_codes_(config.wedia_error_codes), transforms_(config.transforms), limits_(limits),
      writable_(std::move(writable)), pipeline_(pipeline), set_(std::move(set)) {
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
            if (!viewer) viewer = pipeline_.policies().viewer(credentials);
            if (!holds_any(*viewer, action.roles)) continue;
        }
        out.push_back(action);
    }
    return out;
}

Result<ImagingImage> ImagingService::prepare(const std::string& action_name,
                                             const std::string& identifier,
                                             const std::string& transform,
                                             const Credentials& credentials) {
    auto set = actions();
    auto found = set->actions.find(action_name);
    if (found == set->actions.end())
        return Error::not_found("unknown action '" + action_name + "'").about(Subject::Action);
    const imaging::Action& action = found->second;
    if (!action.roles.empty() && !holds_any(pipeline_.policies().viewer(credentials), action.roles))
        return Error::forbidden("action '" + action_name + "' is not available to you")
            .about(Subject::Action);
    imaging::CommandSet extra;
    if (!transform.empty()) {
        if (!action.transform)
            return Error::forbidden("action '" + action_name + "' takes no transform");
        if (transforms_ == "off") return Error::forbidden("transforms are not accepted here");
        auto parsed = imaging::parse_simplified(transform);
        if (!parsed) return Error::bad_request(parsed.error().message);
        if (transforms_ == "named") {
            // Only what the operator named: compared in canonical form, so spelling and
            // encoding variants of a named transform pass and nothing else does.
            const auto& named = action.named_transforms;
            if (std::find(named.begin(), named.end(), imaging::to_simplified(*parsed)) ==
                named.end())
                return Error::forbidden("'" + transform + "' is not a transform action '" +
                                        action_name + "' names");
        }
        extra = std::move(*parsed);
    }
    if (identifier.empty())
        return Error::not_found("no resource id was given").about(Subject::Source);

    Compiling c{action_name, set->expanded(action), std::move(extra), set->preset_lookup(),
                credentials};
    ImageJob job;
    job.identifier = identifier;
    job.lenient = true;
    job.credentials = credentials;
    job.depends_on_viewer = !action.roles.empty(); // a role-gated action's answer is private
    job.compile = [this, &c](const Sight& sight, std::string&) { return compile(sight, c); };
    auto prepared = pipeline_.prepare(job);
    if (!prepared) {
        const Error& e = prepared.error();
        if (e.subject == Subject::Source &&
            (e.code == core::ErrorCode::NotFound || e.code == core::ErrorCode::BadRequest))
            return Error::not_found("resource '" + identifier + "' not found")
                .about(Subject::Source);
        return e;
    }
    ImagingImage out{std::move(*prepared), std::move(c.file_name),
                     imaging::to_simplified(imaging::inline_presets(c.commands, c.lookup), true)};
    out.image.private_answer = out.image.private_answer || c.overlay_restricted;
    return out;
}

// The compile step: the action's commands (a failure is the action's, 422), then with the
// transform's (a failure is the request's, 400), the output format, the overlays.
Result<plan::Plan> ImagingService::compile(const Sight& sight, Compiling& c) {
    const auto& info = sight.source.info;
    auto own = imaging::compile(c.commands, sight.id, info.size, info.format, c.lookup);
    if (!own) {
        spdlog::warn("imaging action '{}' on {}: {}", c.action, sight.id, own.error().message);
        return Error::bad_request("action '" + c.action +
                                  "' cannot run on this image: " + own.error().message)
            .about(Subject::Action);
    }
    imaging::Compiled compiled = std::move(*own);
    std::size_t action_ops = compiled.plan.ops.size();
    if (!c.extra.empty()) {
        c.commands.insert(c.commands.end(), c.extra.begin(), c.extra.end());
        auto with = imaging::compile(c.commands, sight.id, info.size, info.format, c.lookup);
        if (!with) return Error::bad_request(with.error().message);
        compiled = std::move(*with);
    }
    plan::Plan& plan = compiled.plan;
    if (!writable_.contains(plan.encode.format)) plan.encode.format = core::ImageFormat::Jpeg;
    auto restricted = resolve_overlays(plan, action_ops, c.credentials);
    if (!restricted) return restricted.error();
    c.overlay_restricted = *restricted;
    c.file_name = std::filesystem::path(sight.id).stem().string() + "." + c.action + "." +
                  std::string(core::extension(plan.encode.format));
    return std::move(plan);
}

// Each watermark's overlay must be a stored image the caller may see in full; its file and
// content hash go into the plan (the hash makes a changed overlay a new derivative).
Result<bool> ImagingService::resolve_overlays(plan::Plan& plan, std::size_t action_ops,
                                              const Credentials& credentials) {
    std::size_t from_action = count_watermarks(plan, action_ops), seen = 0;
    bool restricted = false;
    for (auto& op : plan.ops) {
        auto* w = std::get_if<plan::Watermark>(&op);
        if (!w) continue;
        bool in_action = seen++ < from_action;
        auto fail = [&](const std::string& why) {
            Error e = Error::bad_request(why);
            return in_action ? std::move(e).about(Subject::Action) : e;
        };
        auto overlay = pipeline_.look(w->overlay, credentials);
        if (!overlay) {
            auto code = overlay.error().code;
            if (code == core::ErrorCode::Unauthorized || code == core::ErrorCode::Forbidden)
                return Error::forbidden("watermark overlay '" + w->overlay +
                                        "' is not available to you");
            return fail("watermark overlay '" + w->overlay + "' not found");
        }
        if (overlay->source.info.size.area() > limits_.max_decoded_pixels())
            return fail("watermark overlay '" + w->overlay + "' is too large");
        if (!overlay->policy.may_see_all(overlay->viewer))
            return Error::forbidden("watermark overlay '" + w->overlay +
                                    "' is not available to you");
        if (overlay->source.file.ranged)
            return fail("watermark overlay '" + w->overlay + "' is too large");
        restricted = restricted || overlay->depends_on_viewer();
        w->overlay_path = overlay->source.file.path.string();
        w->overlay_hash = overlay->source.content_hash;
    }
    return restricted;
}

} // namespace pictor::service
