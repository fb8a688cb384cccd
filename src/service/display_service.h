#pragma once
// Display API orchestration (SPEC §3.2): lenient identifier lookup, query -> Plan, then the
// shared rendition path (cache, single-flight, engine).
#include <string>
#include <string_view>

#include "config/config.h"
#include "dialects/display/display_request.h"
#include "service/rendition_service.h"

namespace pictor::service {

struct DisplayImageRequest {
    SourceHandle source;
    plan::Plan plan;
    Validators validators;
    bool attachment = false;
    bool negotiated = false; // format=auto: the answer varies with Accept
    std::string file_name;   // for Content-Disposition, extension of the output format
};

class DisplayService {
  public:
    DisplayService(const config::Config& config, RenditionService& renditions);

    // `identifier` is decoded; `query` is the raw query string.
    core::Result<DisplayImageRequest> prepare(std::string_view identifier, std::string_view query,
                                              std::string_view accept);
    core::Result<ImageAnswer> image(const DisplayImageRequest& request, Deadline deadline);

  private:
    dialects::display::DisplayOptions options_;
    RenditionService& renditions_;
};

} // namespace pictor::service
