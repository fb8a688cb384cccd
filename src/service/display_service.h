#pragma once
// The display API (docs/display.md): query -> typed request -> a compile step for the image
// pipeline (lenient identifier lookup, "no size" = as large as the viewer may have it).
#include <string>
#include <string_view>

#include "config/config.h"
#include "dialects/display/display_request.h"
#include "service/image_pipeline.h"
#include "service/original_reader.h"

namespace pictor::service {

// A prepared image plus the display API's extras.
struct DisplayImage {
    PreparedImage image;
    bool attachment = false;
    bool negotiated = false; // format=auto: the answer varies with Accept
    std::string file_name;   // for Content-Disposition, extension of the output format
};

// The source's own bytes, for a request without parameters (OpenAtlas sends the file itself).
struct DisplayOriginal {
    OriginalFile file;
    bool attachment = false;
    std::string file_name;
};

class DisplayService {
  public:
    DisplayService(const config::DisplayConfig& display, int max_width, ImagePipeline& pipeline,
                   std::set<core::ImageFormat> writable, const OriginalReader& originals);

    // `identifier` is decoded; `query` is the raw query string. A size the policy does not
    // allow is refused (401/403 for roles, then 400 beyond maxWidth).
    core::Result<DisplayImage> prepare(std::string_view identifier, std::string_view query,
                                       std::string_view accept, const Credentials& credentials);
    // The original file when the request asks for the image as it is (no size, no format
    // change) and the viewer may have it whole; nothing when a rendition answers instead (a
    // size-restricted viewer, a format browsers do not show, originals not offered): then
    // prepare().
    core::Result<std::optional<DisplayOriginal>> original(std::string_view identifier,
                                                          std::string_view query,
                                                          std::string_view accept,
                                                          const Credentials& credentials);

  private:
    dialects::display::DisplayOptions options_;
    std::set<core::ImageFormat> writable_;
    ImagePipeline& pipeline_;
    const OriginalReader& originals_;
};

} // namespace pictor::service
