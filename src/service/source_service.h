#pragma once
// Sources for every image answer: identifier -> file inside the store (a stat) -> header and
// content hash (remembered by file version), and the engine call behind the derivative cache.
#include <string_view>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "engine/engine.h"
#include "service/pipeline_interfaces.h"
#include "service/pyramid_sidecars.h"
#include "service/source_info_cache.h"

namespace pictor::service {

struct Rendition {
    engine::Encoded image;
    engine::RenderStats stats;
};

class SourceService : public Sources {
  public:
    SourceService(const config::RuntimeLimits& limits, const sources::SourceStore& store,
                  const engine::Engine& engine);

    std::optional<core::Result<sources::SourceFile>> locate_known(std::string_view identifier,
                                                                  bool lenient) const override;
    core::Result<sources::SourceFile> locate(std::string_view identifier,
                                             bool lenient) const override;
    bool unchanged(std::string_view identifier, const sources::SourceFile& was) const override;
    std::string catalog_id(const sources::SourceFile& file) const override;
    core::Result<SourceHandle> open(const sources::SourceFile& file) override;
    std::optional<SourceHandle> open_known(const sources::SourceFile& file) const override;
    // locate() and open() in one, for the admin API (it works on files, not on viewers' answers).
    core::Result<SourceHandle> open(std::string_view identifier);

    // Renders under the decode limit and the deadline (the pipeline checked the output limit),
    // from the source's pyramid side-car when it has one; a large flat source without one asks
    // for it first, and while it is built, renders from its decoded copy if the build holds one.
    core::Result<Rendition> render(const SourceHandle& source, const plan::Plan& plan,
                                   Deadline deadline) const;
    // Asks for the source's side-car if it should have one (after an upload, on a render, or for
    // a viewer on an info.json); true when a build of it is running already or is next.
    bool request_pyramid(const SourceHandle& source, BuildFor purpose = BuildFor::Render) const;
    // Side-cars on (null: off). Set once at start-up, before serving.
    void use_pyramids(PyramidSidecars* sidecars) { sidecars_ = sidecars; }
    const PyramidSidecars* pyramids() const { return sidecars_; }

    const engine::Engine& engine() const { return engine_; }
    const sources::SourceStore& store() const { return store_; }
    const config::RuntimeLimits& limits() const { return limits_; }

  private:
    const config::RuntimeLimits& limits_;
    const sources::SourceStore& store_;
    const engine::Engine& engine_;
    mutable SourceInfoCache infos_{4096};
    PyramidSidecars* sidecars_ = nullptr;
};

} // namespace pictor::service
