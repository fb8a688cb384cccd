#pragma once
// Display API orchestration (SPEC §3.2): lenient identifier lookup, query -> Plan, then the
// shared rendition path (cache, single-flight, engine).
#include <string>
#include <string_view>

#include "config/config.h"
#include "dialects/display/display_request.h"
#include "service/access_service.h"
#include "service/rendition_service.h"

namespace pictor::service {

struct DisplayImageRequest {
    SourceHandle source;
    plan::Plan plan;
    Validators validators;
    bool attachment = false;
    bool negotiated = false; // format=auto: the answer varies with Accept
    std::string file_name;   // for Content-Disposition, extension of the output format
    bool restricted = false; // the asset has roles: private, varies by cookie
};

class DisplayService {
  public:
    DisplayService(const config::Config& config, RenditionService& renditions,
                   AccessService& access);

    // `identifier` is decoded; `query` is the raw query string. No size parameter asks for the
    // image as large as the viewer may have it (IIIF's `max`); a size is explicit, and one the
    // policy does not allow is refused (400 beyond maxWidth, 401/403 for roles).
    core::Result<DisplayImageRequest> prepare(std::string_view identifier, std::string_view query,
                                              std::string_view accept,
                                              const Credentials& credentials);
    core::Result<ImageAnswer> image(const DisplayImageRequest& request, Deadline deadline);

  private:
    dialects::display::DisplayOptions options_;
    std::vector<std::string> thumbnail_sizes_;
    RenditionService& renditions_;
    AccessService& access_;
};

} // namespace pictor::service
