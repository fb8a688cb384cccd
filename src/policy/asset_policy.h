#pragma once
// Who may see how much of an asset (docs/access.md): the asset's roles and size rules,
// the viewer asking, and the rules that combine them. Pure arithmetic on sizes: it runs before any
// pixel is decoded, for every dialect alike.
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/result.h"

namespace pictor::policy {

struct AssetPolicy {
    std::vector<std::string> roles; // a viewer needs one of them; empty = open
    int max_width = 0;              // square bound on any answer for anyone; 0 = unset
    int open_full_max = 0;          // with roles: full-region answers up to this are open
    int open_max_width = 0;         // with roles: the substitute service's bound

    bool restricted() const { return !roles.empty(); }
    bool has_substitute() const { return restricted() && open_max_width > 0; }
};

// Values the admin API may set: 0 or 256..platform for the widths (DLCS' rule).
core::Result<void> validate(const AssetPolicy& policy, int platform_limit);

struct Viewer {
    bool has_credentials = false;   // a valid session (or an external network aspect)
    std::vector<std::string> roles; // the roles it holds
};

enum class ImageServiceKind { Main, Substitute };

// What one request asks for, after the dialect has resolved it against the image size.
struct SizeRequest {
    bool full_region = true;
    core::Size output;
};

class SizePolicy {
  public:
    SizePolicy(AssetPolicy asset, int platform_limit);

    const AssetPolicy& asset() const { return asset_; }
    // The square no answer may exceed, for anyone: maxWidth or the platform limit.
    int answer_bound() const;
    bool may_see_all(const Viewer& viewer) const;
    // The square full-region answers are open to anyone within (0: none). For a restricted
    // asset the larger of openFullMax and openMaxWidth (the substitute already hands out any
    // region up to openMaxWidth, so the whole image at that size reveals nothing more).
    int open_full_square() const;
    // The square `max` is confined to for this viewer and kind of region on a service.
    int max_square(const Viewer& viewer, ImageServiceKind service, bool full_region) const;
    // The square listed as the service's maxWidth in info.json.
    int service_bound(ImageServiceKind service) const;
    // The square thumbnails are rendered and listed up to; nothing = no public thumbnails.
    std::optional<int> thumbnail_bound() const;

    // The decision that needs no source : 404 for a substitute
    // the asset does not have; 401/403 when the viewer may see nothing of the asset at all.
    core::Result<void> pre_authorise(const Viewer& viewer, ImageServiceKind service) const;
    // The decision on a resolved request (second phase). Roles are decided first, so a viewer
    // the asset is closed to gets 401 (no credentials) or 403 (wrong role), never a size error;
    // then 400 (TooLarge) beyond the bound of the service, for everyone else.
    core::Result<void> authorise(const Viewer& viewer, ImageServiceKind service,
                                 const SizeRequest& request) const;
    // 401/403 for a viewer who holds none of the roles on the main service: what a request
    // beyond the open part of the asset gets from such a viewer, whatever its size.
    core::Result<void> authorise_roles(const Viewer& viewer, ImageServiceKind service) const;
    // What the probe service reports: 200, 401 or 403 for the main service's info.json.
    int probe_status(const Viewer& viewer) const;
    // What an answer about this asset depends on, for cache keys and ETags: "" for an open
    // asset (the same for everyone), "all" for a viewer holding a role, "open" for the others.
    std::string tier(const Viewer& viewer) const;

  private:
    core::Error refusal(const Viewer& viewer) const;

    AssetPolicy asset_;
    int platform_;
};

} // namespace pictor::policy
