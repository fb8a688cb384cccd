#pragma once
// HTTP adapter for the file and thumbnails REST API (MediaWiki's /v1/file): /v1/file/{id},
// /v1/file/{id}/thumbnails, /thumb/{id}/{W}px-{name} and /original/{id}. Errors are
// MediaWiki's JSON {"httpCode", "httpReason", "message", "errorKey"}.
#include "config/config.h"
#include "http/cpu_pool.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/file_service.h"

namespace pictor::http {

class FileHandler {
  public:
    FileHandler(service::FileService& service, CpuPool& pool, Metrics& metrics,
                const config::Config& config);
    void register_routes(Router& router);

  private:
    using Job = std::function<Response()>;
    void submit(RequestContext& ctx, Reply reply, Job job);
    Response file_document(const Request& request, const dialects::thumbnails::FilePath& path,
                           const std::string& base, const service::Credentials& creds);
    Response thumb(const Request& request, const dialects::thumbnails::FilePath& path,
                   Clock::time_point deadline, const service::Credentials& creds);
    Response original(const Request& request, const std::string& identifier,
                      const service::Credentials& creds);

    service::FileService& service_;
    CpuPool& pool_;
    Metrics& metrics_;
    bool trust_proxy_;
    int deadline_ms_;
    int max_age_s_;
    std::string cookie_name_;
};

Response mediawiki_error(beast_http::status status, const std::string& error_key,
                         const std::string& message);
Response mediawiki_error(const core::Error& error);

} // namespace pictor::http
