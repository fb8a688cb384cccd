#pragma once
// Imaging actions (SPEC §3.5): the named actions of the configured JSON file (reloadable
// without a restart), an action plus an optional transform compiled into one Plan, the access
// policy applied to it, and the answer rendered through the shared rendition path.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/config.h"
#include "dialects/imaging/actions.h"
#include "dialects/imaging/api_error.h"
#include "service/access_service.h"
#include "service/rendition_service.h"

namespace pictor::service {

struct ImagingRequest {
    SourceHandle source;
    plan::Plan plan;
    Validators validators;
    std::string file_name; // {stem}.{action}.{ext}
    std::string commands;  // what was applied, canonical simplified syntax (ASCII)
    bool restricted = false;
};

template <class T> using ImagingResult = std::variant<T, dialects::imaging::ApiError>;

class ImagingService {
  public:
    ImagingService(const config::Config& config, RenditionService& renditions,
                   AccessService& access, std::shared_ptr<const dialects::imaging::ActionSet> set);

    // Reads and validates an actions file; an empty path is an empty set.
    static core::Result<std::shared_ptr<const dialects::imaging::ActionSet>>
    load(const std::string& path);
    // Re-reads the configured file; on any error the current set stays and the error is returned.
    core::Result<void> reload();
    std::shared_ptr<const dialects::imaging::ActionSet> actions() const;
    bool catalog_enabled() const { return catalog_enabled_; }

    // The actions this caller may run, by name.
    std::vector<dialects::imaging::Action> callable(const Credentials& credentials) const;
    // `transform` is simplified syntax; empty = none.
    ImagingResult<ImagingRequest> prepare(const std::string& action, const std::string& identifier,
                                          const std::string& transform,
                                          const Credentials& credentials);
    ImagingResult<ImageAnswer> image(const ImagingRequest& request, Deadline deadline);

  private:
    std::optional<dialects::imaging::ApiError>
    resolve_overlays(plan::Plan& plan, std::size_t action_ops,
                     const std::function<const policy::Viewer&()>& viewer);

    std::string actions_path_;
    bool catalog_enabled_;
    std::vector<std::string> thumbnail_sizes_;
    RenditionService& renditions_;
    AccessService& access_;
    mutable std::mutex mutex_;
    std::shared_ptr<const dialects::imaging::ActionSet> set_;
};

} // namespace pictor::service
