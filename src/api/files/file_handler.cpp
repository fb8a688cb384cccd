#include "api/files/file_handler.h"

#include <nlohmann/json.hpp>

#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
namespace file_api = dialects::file;

namespace {

Response file_api_error(status s, const std::string& error_key, const std::string& message) {
    nlohmann::json body = {{"httpCode", static_cast<int>(s)},
                           {"httpReason", std::string(beast_http::obsolete_reason(s))},
                           {"message", message},
                           {"errorKey", error_key},
                           {"messageTranslations", {{"en", message}}}};
    return make_response(s, body.dump() + "\n", "application/json");
}

} // namespace

Response file_error(const core::Error& error) {
    using core::ErrorCode;
    switch (error.code) {
    case ErrorCode::NotFound:
        return file_api_error(status::not_found, "rest-nonexistent-title", error.message);
    case ErrorCode::UnsupportedMedia:
    case ErrorCode::SourceCorrupt:
        return file_api_error(status::bad_request, "rest-file-not-thumbnailable", error.message);
    // MediaWiki answers a file the viewer may not see with 403 rest-permission-denied-title,
    // logged in or not (docs/files.md); there is no login challenge in this API.
    case ErrorCode::Forbidden:
    case ErrorCode::Unauthorized:
        return file_api_error(status::forbidden, "rest-permission-denied-title", error.message);
    case ErrorCode::BadRequest:
    case ErrorCode::TooLarge:
    case ErrorCode::NotImplemented:
        return file_api_error(status::bad_request, "rest-bad-request", error.message);
    case ErrorCode::PreconditionFailed:
        return file_api_error(status::precondition_failed, "rest-precondition-failed",
                              "The file does not match the request's preconditions.");
    case ErrorCode::Timeout:
    case ErrorCode::Busy:
    case ErrorCode::OutOfResources:
        return file_api_error(status::service_unavailable, "rest-service-unavailable",
                              error.message);
    case ErrorCode::UpstreamFailed:
        return file_api_error(status::bad_gateway, "rest-bad-gateway", error.message);
    case ErrorCode::UpstreamTimeout:
        return file_api_error(status::gateway_timeout, "rest-gateway-timeout", error.message);
    case ErrorCode::Internal: break;
    }
    return file_api_error(status::internal_server_error, "rest-internal-error", error.message);
}

FileHandler::FileHandler(service::FileService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint) {}

void FileHandler::register_routes(Router& router) {
    router.add_prefix("/v1/file/", "file", [this](RequestContext& ctx, Reply reply) {
        if (auto s = endpoint_.signed_urls().check("files", ctx); !s)
            return reply(endpoint_.error(file_error, s.error()));
        auto path = file_api::parse_file_path(ctx.path.substr(9));
        if (!path) return reply(endpoint_.error(file_error, path.error()));
        const Request* request = &ctx.request; // alive until the reply is sent
        auto work = [this, request, p = std::move(*path), base = std::string(ctx.base_url),
                     creds = endpoint_.credentials(ctx)] {
            return file_document(*request, p, base, creds);
        };
        endpoint_.submit(ctx, std::move(reply), std::move(work), file_error);
    });
    router.add_prefix("/thumb/", "thumb", [this](RequestContext& ctx, Reply reply) {
        if (auto s = endpoint_.signed_urls().check("files", ctx); !s)
            return reply(endpoint_.error(file_error, s.error()));
        auto path = file_api::parse_thumb_path(ctx.path.substr(7));
        if (!path) return reply(endpoint_.error(file_error, path.error()));
        const Request* request = &ctx.request;
        auto work = [this, request, p = std::move(*path), deadline = endpoint_.deadline(ctx),
                     creds = endpoint_.credentials(ctx)] {
            return thumb(*request, p, deadline, creds);
        };
        endpoint_.submit(ctx, std::move(reply), std::move(work), file_error);
    });
    if (!service_.originals_offered()) return; // expose.originals = "off": 404
    router.add_prefix("/original/", "original", [this](RequestContext& ctx, Reply reply) {
        if (auto s = endpoint_.signed_urls().check("files", ctx); !s)
            return reply(endpoint_.error(file_error, s.error()));
        auto path = file_api::parse_original_path(ctx.path.substr(10));
        if (!path) return reply(endpoint_.error(file_error, path.error()));
        const Request* request = &ctx.request;
        auto work = [this, request, id = path->identifier, creds = endpoint_.credentials(ctx)] {
            return original(*request, id, creds);
        };
        endpoint_.submit(ctx, std::move(reply), std::move(work), file_error);
    });
}

Response FileHandler::file_document(const Request& request, const file_api::FilePath& path,
                                    const std::string& base, const service::Credentials& creds) {
    auto doc = path.kind == file_api::FilePath::Kind::Thumbnails
                   ? service_.thumbnails(path.identifier, base, creds)
                   : service_.file_info(path.identifier, base, creds);
    if (!doc) return endpoint_.error(file_error, doc.error());
    return endpoint_.document(
        request, make_response(status::ok, doc->body.dump() + "\n", "application/json"),
        doc->validators, doc->private_answer, file_error);
}

Response FileHandler::thumb(const Request& request, const file_api::FilePath& path,
                            Clock::time_point deadline, const service::Credentials& creds) {
    auto image = service_.prepare_thumb(path, creds);
    if (!image) return endpoint_.error(file_error, image.error());
    return endpoint_.answer(request, *image, deadline, file_error);
}

Response FileHandler::original(const Request& request, const std::string& identifier,
                               const service::Credentials& creds) {
    auto file = service_.original(identifier, creds);
    if (!file) return endpoint_.error(file_error, file.error());
    return endpoint_.original(
        request, make_response(status::ok, std::move(file->bytes), core::mime_type(file->format)),
        file->validators, file->private_answer, file_error);
}

} // namespace pictor::api
