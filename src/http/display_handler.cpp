#include "http/display_handler.h"

#include <ctime>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/percent.h"
#include "http/base_url.h"
#include "http/conditional.h"
#include "http/credentials.h"
#include "http/image_response.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

namespace {

const char* title_for(status s) {
    switch (s) {
    case status::bad_request: return "Invalid request";
    case status::not_found: return "File not found";
    case status::precondition_failed: return "Precondition failed";
    case status::unsupported_media_type: return "Not an image";
    case status::service_unavailable: return "Service unavailable";
    default: return "Internal error";
    }
}

} // namespace

Response display_error(status s, const std::string& message, const std::string& url) {
    nlohmann::json body = {{"title", title_for(s)},
                           {"message", message},
                           {"url", url},
                           {"timestamp", format_http_date(std::time(nullptr))},
                           {"status", static_cast<int>(s)}};
    Response res = make_response(s, body.dump() + "\n", "application/json");
    mark_uncacheable(res);
    if (s == status::service_unavailable) res.set(field::retry_after, "1");
    return res;
}

Response display_error(const core::Error& error, const std::string& url) {
    if (!error.detail.empty()) spdlog::warn("{}: {}", error.message, error.detail);
    auto s = error.code == core::ErrorCode::TooLarge ? status::bad_request : status_for(error.code);
    return display_error(s, error.message, url);
}

DisplayHandler::DisplayHandler(service::DisplayService& service, CpuPool& pool, Metrics& metrics,
                               const config::Config& config)
    : service_(service), pool_(pool), metrics_(metrics), trust_proxy_(config.server.trust_proxy),
      deadline_ms_(config.limits.deadline_ms), max_age_s_(config.server.max_age_s),
      cookie_name_(config.auth.cookie_name) {}

void DisplayHandler::register_routes(Router& router) {
    for (std::string prefix : {"/api/display/", "/api/0.4/display/"})
        router.add_prefix(prefix, "display", [this, prefix](RequestContext& ctx, Reply reply) {
            handle(prefix, ctx, std::move(reply));
        });
}

void DisplayHandler::handle(const std::string& prefix, RequestContext& ctx, Reply reply) {
    std::string url = base_url(ctx.request, trust_proxy_) + std::string(ctx.request.target());
    auto raw = ctx.path.substr(prefix.size());
    auto identifier = core::percent_decode(raw);
    if (!identifier)
        return reply(
            display_error(status::bad_request, "malformed percent-encoding in the id", url));
    if (identifier->empty())
        return reply(display_error(status::not_found, "No file id was given.", url));
    std::string query(ctx.query);
    std::string accept(ctx.request[field::accept]);
    auto deadline = ctx.received + std::chrono::milliseconds(deadline_ms_);
    const Request* http_request = &ctx.request; // alive until the reply is sent
    auto creds = credentials(ctx, cookie_name_, trust_proxy_);
    auto task = [this, id = std::move(*identifier), query, accept, url, deadline, http_request,
                 creds, reply] {
        if (Clock::now() > deadline)
            return reply(
                display_error(status::service_unavailable, "the request waited too long", url));
        auto request = service_.prepare(id, query, accept, creds);
        if (!request) return reply(display_error(request.error(), url));
        auto vary = [&](Response& res) {
            if (request->negotiated) res.set(field::vary, "Accept");
            if (request->restricted && res.result() != status::precondition_failed)
                make_private(res, max_age_s_);
        };
        auto precondition =
            answer_preconditions(*http_request, request->validators, max_age_s_, [&] {
                return display_error(status::precondition_failed,
                                     "the image does not match the request's preconditions", url);
            });
        if (precondition) {
            vary(*precondition);
            return reply(std::move(*precondition));
        }
        auto answer = service_.image(*request, deadline);
        if (!answer) return reply(display_error(answer.error(), url));
        metrics_.add_decoded_pixels(answer->decoded_pixels);
        Response res = image_response(*answer, max_age_s_);
        vary(res);
        res.set(field::content_disposition,
                content_disposition(request->attachment, request->file_name));
        reply(std::move(res));
    };
    if (!pool_.try_submit(std::move(task)))
        reply(display_error(status::service_unavailable, "server busy, try again shortly", url));
}

} // namespace pictor::http
