#pragma once
// File and thumbnails REST orchestration (SPEC §3.3, MediaWiki's /v1/file): file info,
// the list of public thumbnail variants, the thumbnails themselves and the original bytes.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "dialects/thumbnails/file_paths.h"
#include "service/rendition_service.h"

namespace pictor::service {

// A file that is not an image pictor can decode is reported as UnsupportedMedia with
// MediaWiki's message; http/file_handler turns that into 400 rest-file-not-thumbnailable.
template <class T> using FileResult = core::Result<T>;

struct FileDocument {
    nlohmann::json body;
    Validators validators; // ETag = the source's content hash
};

struct ThumbRequest {
    SourceHandle source;
    plan::Plan plan;
    Validators validators;
};

struct OriginalFile {
    SourceHandle source;
    std::string bytes;
    Validators validators;
};

class FileService {
  public:
    FileService(const config::Config& config, RenditionService& renditions);

    // `base` is "scheme://host" as the client reached the server.
    FileResult<FileDocument> file_info(const std::string& identifier, const std::string& base);
    FileResult<FileDocument> thumbnails(const std::string& identifier, const std::string& base);
    FileResult<ThumbRequest> prepare_thumb(const dialects::thumbnails::FilePath& path);
    core::Result<ImageAnswer> thumb(const ThumbRequest& request, Deadline deadline);
    FileResult<OriginalFile> original(const std::string& identifier);

  private:
    FileResult<SourceHandle> open_image(const std::string& identifier);
    std::string thumb_url(const std::string& base, const std::string& identifier, int step,
                          core::ImageFormat source) const;
    std::string original_url(const std::string& base, const std::string& identifier) const;

    std::vector<int> steps_;
    RenditionService& renditions_;
};

} // namespace pictor::service
