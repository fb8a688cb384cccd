#include "http/file_handler.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/base_url.h"
#include "http/credentials.h"
#include "http/image_response.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;
namespace thumbs = dialects::thumbnails;

Response mediawiki_error(status s, const std::string& error_key, const std::string& message) {
    nlohmann::json body = {{"httpCode", static_cast<int>(s)},
                           {"httpReason", std::string(beast_http::obsolete_reason(s))},
                           {"message", message},
                           {"errorKey", error_key},
                           {"messageTranslations", {{"en", message}}}};
    Response res = make_response(s, body.dump() + "\n", "application/json");
    mark_uncacheable(res);
    if (s == status::service_unavailable) res.set(field::retry_after, "1");
    return res;
}

Response mediawiki_error(const core::Error& error) {
    using core::ErrorCode;
    if (!error.detail.empty()) spdlog::warn("{}: {}", error.message, error.detail);
    switch (error.code) {
    case ErrorCode::NotFound:
        return mediawiki_error(status::not_found, "rest-nonexistent-title", error.message);
    case ErrorCode::UnsupportedMedia:
    case ErrorCode::SourceCorrupt:
        return mediawiki_error(status::bad_request, "rest-file-not-thumbnailable", error.message);
    case ErrorCode::Forbidden:
        return mediawiki_error(status::forbidden, "rest-permission-denied-title", error.message);
    case ErrorCode::Unauthorized:
        return mediawiki_error(status::unauthorized, "rest-permission-denied-anon", error.message);
    case ErrorCode::BadRequest:
    case ErrorCode::TooLarge:
    case ErrorCode::NotImplemented:
        return mediawiki_error(status::bad_request, "rest-bad-request", error.message);
    case ErrorCode::Timeout:
    case ErrorCode::Busy:
        return mediawiki_error(status::service_unavailable, "rest-service-unavailable",
                               error.message);
    case ErrorCode::Internal: break;
    }
    return mediawiki_error(status::internal_server_error, "rest-internal-error", error.message);
}

namespace {

Response precondition_failed() {
    return mediawiki_error(status::precondition_failed, "rest-precondition-failed",
                           "The file does not match the request's preconditions.");
}

} // namespace

FileHandler::FileHandler(service::FileService& service, CpuPool& pool, Metrics& metrics,
                         const config::Config& config)
    : service_(service), pool_(pool), metrics_(metrics), trust_proxy_(config.server.trust_proxy),
      deadline_ms_(config.limits.deadline_ms), max_age_s_(config.server.max_age_s),
      cookie_name_(config.auth.cookie_name) {}

void FileHandler::register_routes(Router& router) {
    router.add_prefix("/v1/file/", "file", [this](RequestContext& ctx, Reply reply) {
        auto path = thumbs::parse_file_path(ctx.path.substr(9));
        if (!path) return reply(mediawiki_error(path.error()));
        std::string base = base_url(ctx.request, trust_proxy_);
        const Request* request = &ctx.request; // alive until the reply is sent
        auto creds = credentials(ctx, cookie_name_, trust_proxy_);
        submit(ctx, std::move(reply), [this, request, p = std::move(*path), base, creds] {
            return file_document(*request, p, base, creds);
        });
    });
    router.add_prefix("/thumb/", "thumb", [this](RequestContext& ctx, Reply reply) {
        auto path = thumbs::parse_thumb_path(ctx.path.substr(7));
        if (!path) return reply(mediawiki_error(path.error()));
        auto deadline = ctx.received + std::chrono::milliseconds(deadline_ms_);
        const Request* request = &ctx.request;
        auto creds = credentials(ctx, cookie_name_, trust_proxy_);
        submit(ctx, std::move(reply), [this, request, p = std::move(*path), deadline, creds] {
            return thumb(*request, p, deadline, creds);
        });
    });
    router.add_prefix("/original/", "original", [this](RequestContext& ctx, Reply reply) {
        auto path = thumbs::parse_original_path(ctx.path.substr(10));
        if (!path) return reply(mediawiki_error(path.error()));
        const Request* request = &ctx.request;
        auto creds = credentials(ctx, cookie_name_, trust_proxy_);
        submit(ctx, std::move(reply), [this, request, id = path->identifier, creds] {
            return original(*request, id, creds);
        });
    });
}

void FileHandler::submit(RequestContext& ctx, Reply reply, Job job) {
    auto deadline = ctx.received + std::chrono::milliseconds(deadline_ms_);
    bool queued = pool_.try_submit([job = std::move(job), reply, deadline] {
        if (Clock::now() > deadline)
            return reply(mediawiki_error(status::service_unavailable, "rest-service-unavailable",
                                         "The request waited too long."));
        reply(job());
    });
    if (!queued)
        reply(mediawiki_error(status::service_unavailable, "rest-service-unavailable",
                              "Server busy, try again shortly."));
}

Response FileHandler::file_document(const Request& request, const thumbs::FilePath& path,
                                    const std::string& base, const service::Credentials& creds) {
    auto doc = path.kind == thumbs::FilePath::Kind::Thumbnails
                   ? service_.thumbnails(path.identifier, base, creds)
                   : service_.file_info(path.identifier, base, creds);
    if (!doc) return mediawiki_error(doc.error());
    if (auto pre = answer_preconditions(request, doc->validators, max_age_s_, precondition_failed))
        return std::move(*pre);
    Response res = make_response(status::ok, doc->body.dump() + "\n", "application/json");
    add_validators(res, doc->validators, max_age_s_);
    if (doc->restricted) make_private(res, max_age_s_);
    return res;
}

Response FileHandler::thumb(const Request& request, const thumbs::FilePath& path,
                            Clock::time_point deadline, const service::Credentials& creds) {
    auto prepared = service_.prepare_thumb(path, creds);
    if (!prepared) return mediawiki_error(prepared.error());
    auto pre = answer_preconditions(request, prepared->validators, max_age_s_, precondition_failed);
    if (!pre) {
        auto answer = service_.thumb(*prepared, deadline);
        if (!answer) return mediawiki_error(answer.error());
        metrics_.add_decoded_pixels(answer->decoded_pixels);
        pre = image_response(*answer, max_age_s_);
    }
    if (prepared->restricted && pre->result() != status::precondition_failed)
        make_private(*pre, max_age_s_);
    return std::move(*pre);
}

Response FileHandler::original(const Request& request, const std::string& identifier,
                               const service::Credentials& creds) {
    auto file = service_.original(identifier, creds);
    if (!file) return mediawiki_error(file.error());
    if (auto pre = answer_preconditions(request, file->validators, max_age_s_, precondition_failed))
        return std::move(*pre);
    Response res = make_response(status::ok, std::move(file->bytes),
                                 core::mime_type(file->source.info.format));
    add_validators(res, file->validators, max_age_s_);
    if (file->restricted) make_private(res, max_age_s_);
    return res;
}

} // namespace pictor::http
