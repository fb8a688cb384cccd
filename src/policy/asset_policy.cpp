#include "policy/asset_policy.h"

#include <algorithm>

namespace pictor::policy {

using core::Error;
using core::Result;

namespace {

int longest(core::Size s) { return std::max(s.width, s.height); }

Result<void> check_width(const char* name, int value, int platform) {
    if (value < 0) return Error::bad_request(std::string(name) + " must not be negative");
    if (value > 0 && value < 256)
        return Error::bad_request(std::string(name) + " must be 0 (unset) or at least 256");
    if (value > platform)
        return Error::bad_request(std::string(name) + " must not exceed the platform limit of " +
                                  std::to_string(platform));
    return {};
}

} // namespace

Result<void> validate(const AssetPolicy& p, int platform) {
    if (auto r = check_width("maxWidth", p.max_width, platform); !r) return r;
    if (auto r = check_width("openFullMax", p.open_full_max, platform); !r) return r;
    if (auto r = check_width("openMaxWidth", p.open_max_width, platform); !r) return r;
    for (const auto& role : p.roles)
        if (role.empty()) return Error::bad_request("a role name must not be empty");
    return {};
}

SizePolicy::SizePolicy(AssetPolicy asset, int platform_limit)
    : asset_(std::move(asset)), platform_(platform_limit) {}

int SizePolicy::answer_bound() const {
    return asset_.max_width > 0 ? std::min(asset_.max_width, platform_) : platform_;
}

bool SizePolicy::may_see_all(const Viewer& viewer) const {
    if (!asset_.restricted()) return true;
    for (const auto& r : viewer.roles)
        if (std::find(asset_.roles.begin(), asset_.roles.end(), r) != asset_.roles.end())
            return true;
    return false;
}

int SizePolicy::service_bound(ImageServiceKind service) const {
    if (service == ImageServiceKind::Substitute && asset_.has_substitute())
        return std::min(asset_.open_max_width, answer_bound());
    return answer_bound();
}

int SizePolicy::open_full_square() const {
    if (!asset_.restricted()) return answer_bound();
    int open = std::max(asset_.open_full_max, asset_.open_max_width);
    return open > 0 ? std::min(open, answer_bound()) : 0;
}

int SizePolicy::max_square(const Viewer& viewer, ImageServiceKind service, bool full_region) const {
    if (service == ImageServiceKind::Substitute) return service_bound(service);
    if (may_see_all(viewer)) return answer_bound();
    // Scenarios 6-11: `max` of the full image is confined to the open square.
    if (full_region && open_full_square() > 0) return open_full_square();
    return answer_bound(); // refused by authorise() anyway
}

std::optional<int> SizePolicy::thumbnail_bound() const {
    if (!asset_.restricted()) return answer_bound();
    if (asset_.open_max_width > 0) return std::min(asset_.open_max_width, answer_bound());
    if (asset_.open_full_max > 0) return std::min(asset_.open_full_max, answer_bound());
    return std::nullopt; // scenarios 4 and 5: no thumbnails, whatever the policy
}

Error SizePolicy::refusal(const Viewer& viewer) const {
    if (!viewer.has_credentials)
        return Error::unauthorized("this image needs a login; see its IIIF Auth services");
    return Error::forbidden("your account does not hold a role this image requires");
}

Result<void> SizePolicy::pre_authorise(const Viewer& viewer, ImageServiceKind service) const {
    if (service == ImageServiceKind::Substitute) {
        if (!asset_.has_substitute())
            return Error::not_found("this image has no substitute service");
        return {};
    }
    if (may_see_all(viewer) || open_full_square() > 0) return {};
    return refusal(viewer);
}

Result<void> SizePolicy::authorise(const Viewer& viewer, ImageServiceKind service,
                                   const SizeRequest& request) const {
    if (auto first = pre_authorise(viewer, service); !first) return first;
    int edge = longest(request.output);
    if (!(request.full_region && edge <= open_full_square()))
        if (auto roles = authorise_roles(viewer, service); !roles) return roles;
    int bound = service_bound(service);
    if (edge > bound)
        return Error::too_large("requested size " + core::to_string(request.output) +
                                " exceeds the maximum of " + std::to_string(bound) + " px");
    return {};
}

Result<void> SizePolicy::authorise_roles(const Viewer& viewer, ImageServiceKind service) const {
    if (service == ImageServiceKind::Substitute || may_see_all(viewer)) return {};
    return refusal(viewer);
}

int SizePolicy::probe_status(const Viewer& viewer) const {
    if (may_see_all(viewer)) return 200;
    return viewer.has_credentials ? 403 : 401;
}

std::string SizePolicy::tier(const Viewer& viewer) const {
    if (!asset_.restricted()) return {};
    return may_see_all(viewer) ? "all" : "open";
}

} // namespace pictor::policy
