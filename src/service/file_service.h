#pragma once
// The file and thumbnails REST API (docs/files.md, MediaWiki's /v1/file): file info, the list of
// thumbnail variants the viewer may fetch, the thumbnails (a compile step for the image
// pipeline) and the original bytes. Every decision goes through the pipeline's policy check.
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "dialects/file/file_paths.h"
#include "policy/url_signature.h"
#include "service/image_pipeline.h"
#include "service/original_reader.h"

namespace pictor::service {

// A file that is not an image pictor can decode is reported as UnsupportedMedia with
// MediaWiki's message; the file dialect's error table makes it 400 rest-file-not-thumbnailable.
struct FileDocument {
    nlohmann::json body;
    Validators validators;       // ETag = the source's content hash (and the viewer's tier)
    bool private_answer = false; // depends on the viewer: private, varies by cookie
};

class FileService {
  public:
    // `signer`: with signing required for files, the links of a listing are signed with it.
    FileService(const config::ThumbnailsConfig& thumbnails, ImagePipeline& pipeline,
                const OriginalReader& originals, const policy::UrlSignatures* signer = nullptr);

    // `base` is "scheme://host" as the client reached the server. Listings name only what the
    // viewer may fetch (a variant it may not see has a null url); 401/403 when nothing.
    core::Result<FileDocument> file_info(const std::string& title, const std::string& base,
                                         const Credentials& credentials);
    core::Result<FileDocument> thumbnails(const std::string& title, const std::string& base,
                                          const Credentials& credentials);
    core::Result<PreparedImage> prepare_thumb(const dialects::file::FilePath& path,
                                              const Credentials& credentials);
    // The original bytes are a full-size answer: the policy must allow the full image.
    core::Result<OriginalFile> original(const std::string& title, const Credentials& credentials);
    bool originals_offered() const { return originals_.offered(); }

  private:
    // The identifier a MediaWiki title names (file_api::title_candidates): the first candidate
    // that exists.
    std::string resolve(const std::string& title) const;
    core::Result<Sight> look(const std::string& identifier, const Credentials& credentials);
    std::string thumb_url(const std::string& base, const std::string& identifier, int width,
                          core::ImageFormat source) const;
    // Null when originals are not offered (expose.originals = "off").
    nlohmann::json original_url(const std::string& base, const std::string& identifier) const;

    std::vector<int> steps_;
    bool capital_links_;    // thumbnails.capital_links: MediaWiki's $wgCapitalLinks
    std::string shaped_by_; // digest of the settings a listing reads (its ETag changes with them)
    // base + path, signed when the file API requires signatures.
    std::string link(const std::string& base, const std::string& path) const;

    ImagePipeline& pipeline_;
    const OriginalReader& originals_;
    const policy::UrlSignatures* signer_;
};

} // namespace pictor::service
