#pragma once
// HTTP adapter for the file and thumbnails REST API (MediaWiki's /v1/file): /v1/file/{id},
// /v1/file/{id}/thumbnails, /thumb/{id}/{W}px-{name} (through the ImageEndpoint) and
// /original/{id}. Errors are MediaWiki's JSON {"httpCode", "httpReason", "message", "errorKey"}.
#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/file_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class FileHandler {
  public:
    FileHandler(service::FileService& service, ImageEndpoint& endpoint);

    void register_routes(Router& router);

  private:
    Response file_document(const Request& request, const dialects::file::FilePath& path,
                           const std::string& base, const service::Credentials& creds);
    Response thumb(const Request& request, const dialects::file::FilePath& path,
                   Clock::time_point deadline, const service::Credentials& creds);
    Response original(const Request& request, const std::string& identifier,
                      const service::Credentials& creds);

    service::FileService& service_;
    ImageEndpoint& endpoint_;
};

// The file API's error table.
Response file_error(const core::Error& error);

} // namespace pictor::api
