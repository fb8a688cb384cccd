#pragma once
// File and thumbnails REST orchestration (SPEC §3.3, MediaWiki's /v1/file): file info,
// the list of public thumbnail variants, the thumbnails themselves and the original bytes.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "dialects/thumbnails/file_paths.h"
#include "service/access_service.h"
#include "service/rendition_service.h"

namespace pictor::service {

// A file that is not an image pictor can decode is reported as UnsupportedMedia with
// MediaWiki's message; http/file_handler turns that into 400 rest-file-not-thumbnailable.
template <class T> using FileResult = core::Result<T>;

struct FileDocument {
    nlohmann::json body;
    Validators validators;   // ETag = the source's content hash
    bool restricted = false; // the asset has roles: private, varies by cookie
};

struct ThumbRequest {
    SourceHandle source;
    plan::Plan plan;
    Validators validators;
    bool restricted = false;
};

struct OriginalFile {
    SourceHandle source;
    std::string bytes;
    Validators validators;
    bool restricted = false;
};

class FileService {
  public:
    FileService(const config::Config& config, RenditionService& renditions, AccessService& access);

    // `base` is "scheme://host" as the client reached the server. Listings name only what the
    // viewer may fetch (a variant it may not see has a null url); 401/403 when nothing.
    FileResult<FileDocument> file_info(const std::string& identifier, const std::string& base,
                                       const Credentials& credentials);
    FileResult<FileDocument> thumbnails(const std::string& identifier, const std::string& base,
                                        const Credentials& credentials);
    FileResult<ThumbRequest> prepare_thumb(const dialects::thumbnails::FilePath& path,
                                           const Credentials& credentials);
    core::Result<ImageAnswer> thumb(const ThumbRequest& request, Deadline deadline);
    // The original bytes are a full-size answer: the policy must allow the full image.
    FileResult<OriginalFile> original(const std::string& identifier,
                                      const Credentials& credentials);

  private:
    FileResult<SourceHandle> open_image(const std::string& identifier);
    // May this viewer have the whole image at `output`? (the policy's answer, 400/401/403)
    struct Gate {
        policy::SizePolicy policy;
        policy::Viewer viewer;
        std::vector<core::Size> public_sizes;
        core::Result<void> allows(core::Size output) const;
    };
    Gate gate(const SourceHandle& source, const Credentials& credentials) const;
    std::string thumb_url(const std::string& base, const std::string& identifier, int step,
                          core::ImageFormat source) const;
    std::string original_url(const std::string& base, const std::string& identifier) const;

    std::vector<int> steps_;
    std::vector<std::string> thumbnail_sizes_; // IIIF sizes public under the policy
    RenditionService& renditions_;
    AccessService& access_;
};

} // namespace pictor::service
