#pragma once
// Imaging actions (docs/imaging.md): the named actions of the configured JSON file (reloadable
// without a restart), and an action plus an optional transform compiled into one Plan for the
// image pipeline. Errors carry a Subject (Action, Source, Request) so the imaging error table
// can give Wedia's codes.
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "dialects/imaging/actions.h"
#include "service/image_pipeline.h"

namespace pictor::service {

// A prepared image plus the imaging extras.
struct ImagingImage {
    PreparedImage image;
    std::string file_name; // {stem}.{action}.{ext}
    std::string commands;  // what was applied, canonical simplified syntax (ASCII)
};

class ImagingService {
  public:
    ImagingService(const config::ImagingConfig& config, const config::RuntimeLimits& limits,
                   ImagePipeline& pipeline, std::set<core::ImageFormat> writable,
                   std::shared_ptr<const dialects::imaging::ActionSet> set);

    // Reads and validates an actions file; an empty path is an empty set.
    static core::Result<std::shared_ptr<const dialects::imaging::ActionSet>>
    load(const std::string& path);
    // Re-reads the configured file; on any error the current set stays and the error is returned.
    core::Result<void> reload();
    std::shared_ptr<const dialects::imaging::ActionSet> actions() const;
    bool catalog_enabled() const { return catalog_enabled_; }
    bool wedia_error_codes() const { return wedia_error_codes_; } // imaging.wedia_error_codes

    // The actions this caller may run, by name.
    std::vector<dialects::imaging::Action> callable(const Credentials& credentials) const;
    // `transform` is simplified syntax; empty = none.
    core::Result<ImagingImage> prepare(const std::string& action, const std::string& identifier,
                                       const std::string& transform,
                                       const Credentials& credentials);

  private:
    // What one request's compile step works with, and what it leaves behind.
    struct Compiling {
        std::string action;
        dialects::imaging::CommandSet commands; // the action's, then the transform's appended
        dialects::imaging::CommandSet extra;    // the transform's
        dialects::imaging::PresetLookup lookup;
        Credentials credentials;
        std::string file_name; // {stem}.{action}.{ext}
        bool overlay_restricted = false;
    };
    core::Result<plan::Plan> compile(const Sight& sight, Compiling& c);
    // Each watermark's overlay must be a stored image the caller may see in full; true when one
    // is restricted (the answer then depends on the viewer).
    core::Result<bool> resolve_overlays(plan::Plan& plan, std::size_t action_ops,
                                        const Credentials& credentials);

    std::string actions_path_;
    bool catalog_enabled_;
    bool wedia_error_codes_;
    std::string transforms_;              // imaging.transforms: any, named, off
    const config::RuntimeLimits& limits_; // an overlay's decode bound, read per request
    std::set<core::ImageFormat> writable_;
    ImagePipeline& pipeline_;
    mutable std::mutex mutex_;
    std::shared_ptr<const dialects::imaging::ActionSet> set_;
};

} // namespace pictor::service
