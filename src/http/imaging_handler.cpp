#include "http/imaging_handler.h"

#include <map>

#include <nlohmann/json.hpp>

#include "core/percent.h"
#include "http/base_url.h"
#include "http/conditional.h"
#include "http/credentials.h"
#include "http/image_response.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;
using dialects::imaging::ApiError;

namespace {

constexpr std::string_view kPrefix = "/app/api/json/imaging/";
constexpr std::string_view kCatalog = "/app/api/json/catalog/imaging";
constexpr std::string_view kLegacy = "/app/_plugins/WXM_RESTAPI/page/imaging.jspz";
constexpr std::string_view kLegacyCatalog = "/app/_plugins/WXM_RESTAPI/page/catalog/imaging.jspz";

// The legacy query: action, id and transform, percent-decoded. A '+' stays a '+' (it is a
// switch in the simplified syntax, which has no spaces outside quotes).
core::Result<std::map<std::string, std::string>> legacy_query(std::string_view query) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto name = core::percent_decode(pair.substr(0, eq));
        auto value = core::percent_decode(eq == std::string_view::npos ? std::string_view{}
                                                                       : pair.substr(eq + 1));
        if (!name || !value) return core::Error::bad_request("malformed percent-encoding");
        if (!out.emplace(*name, *value).second)
            return core::Error::bad_request("parameter '" + *name + "' is repeated");
    }
    return out;
}

} // namespace

Response imaging_error(const ApiError& error) {
    nlohmann::json body = {
        {"status", error.status}, {"code", error.code}, {"message", error.message}};
    Response res =
        make_response(static_cast<status>(error.status), body.dump() + "\n", "application/json");
    mark_uncacheable(res);
    if (error.status == 503) res.set(field::retry_after, "1");
    return res;
}

ImagingHandler::ImagingHandler(service::ImagingService& service, CpuPool& pool, Metrics& metrics,
                               const config::Config& config)
    : service_(service), pool_(pool), metrics_(metrics), trust_proxy_(config.server.trust_proxy),
      deadline_ms_(config.limits.deadline_ms), max_age_s_(config.server.max_age_s),
      cookie_name_(config.auth.cookie_name) {}

void ImagingHandler::register_routes(Router& router) {
    router.add_prefix(std::string(kPrefix), "imaging", [this](RequestContext& ctx, Reply reply) {
        transform(ctx, std::move(reply));
    });
    router.add_exact(std::string(kLegacy), "imaging", [this](RequestContext& ctx, Reply reply) {
        legacy_transform(ctx, std::move(reply));
    });
    for (auto path : {kCatalog, kLegacyCatalog, std::string_view("/app/api/json/imaging")})
        router.add_exact(std::string(path), "imaging_catalog",
                         [this](RequestContext& ctx, Reply reply) { reply(catalog(ctx)); });
}

void ImagingHandler::transform(RequestContext& ctx, Reply reply) {
    // {action}/{id}{/transform}: the id is one segment (a "/" in it is written %2F); the rest,
    // slashes and all, is the transform.
    auto rest = ctx.path.substr(kPrefix.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return reply(imaging_error(ApiError::resource_not_found("no resource id was given")));
    auto action = core::percent_decode(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    auto next = rest.find('/');
    auto id = core::percent_decode(rest.substr(0, next));
    auto commands = core::percent_decode(next == std::string_view::npos ? std::string_view{}
                                                                        : rest.substr(next + 1));
    if (!action || !id) return reply(imaging_error(ApiError::resource_not_found("malformed id")));
    if (!commands)
        return reply(imaging_error(ApiError::malformed_transform("malformed percent-encoding")));
    run(ctx, std::move(*action), std::move(*id), std::move(*commands), std::move(reply));
}

void ImagingHandler::legacy_transform(RequestContext& ctx, Reply reply) {
    auto query = legacy_query(ctx.query);
    if (!query) return reply(imaging_error(ApiError::malformed_transform(query.error().message)));
    auto get = [&](const std::string& name) {
        auto it = query->find(name);
        return it == query->end() ? std::string() : it->second;
    };
    if (get("action").empty())
        return reply(imaging_error(ApiError::unknown_action("no action was given")));
    run(ctx, get("action"), get("id"), get("transform"), std::move(reply));
}

void ImagingHandler::run(RequestContext& ctx, std::string action, std::string id,
                         std::string commands, Reply reply) {
    if (id.empty())
        return reply(imaging_error(ApiError::resource_not_found("no resource id was given")));
    auto deadline = ctx.received + std::chrono::milliseconds(deadline_ms_);
    const Request* http_request = &ctx.request; // alive until the reply is sent
    auto creds = credentials(ctx, cookie_name_, trust_proxy_);
    auto task = [this, action = std::move(action), id = std::move(id),
                 commands = std::move(commands), deadline, http_request, creds, reply] {
        if (Clock::now() > deadline)
            return reply(imaging_error(ApiError::busy("the request waited too long")));
        auto prepared = service_.prepare(action, id, commands, creds);
        if (auto* e = std::get_if<ApiError>(&prepared)) return reply(imaging_error(*e));
        auto& request = std::get<service::ImagingRequest>(prepared);
        auto decorate = [&](Response& res) {
            if (request.restricted && res.result() != status::precondition_failed)
                make_private(res, max_age_s_);
            res.set("X-Imaging-Commands", request.commands);
            res.set(field::content_disposition, content_disposition(true, request.file_name));
        };
        auto precondition = answer_preconditions(*http_request, request.validators, max_age_s_, [] {
            return imaging_error(
                {412, "412/1100", "the image does not match the request's preconditions"});
        });
        if (precondition) {
            decorate(*precondition);
            return reply(std::move(*precondition));
        }
        auto answer = service_.image(request, deadline);
        if (auto* e = std::get_if<ApiError>(&answer)) return reply(imaging_error(*e));
        auto& image = std::get<service::ImageAnswer>(answer);
        metrics_.add_decoded_pixels(image.decoded_pixels);
        Response res = image_response(image, max_age_s_);
        decorate(res);
        reply(std::move(res));
    };
    if (!pool_.try_submit(std::move(task)))
        reply(imaging_error(ApiError::busy("server busy, try again shortly")));
}

Response ImagingHandler::catalog(RequestContext& ctx) {
    if (!service_.catalog_enabled())
        return imaging_error(ApiError::catalog_forbidden("the imaging catalog is not available"));
    auto creds = credentials(ctx, cookie_name_, trust_proxy_);
    auto data = nlohmann::ordered_json::array();
    for (const auto& action : service_.callable(creds)) {
        nlohmann::ordered_json entry = {{"name", action.name}, {"description", action.description}};
        entry["preset"] = action.preset.empty() ? nlohmann::ordered_json()
                                                : nlohmann::ordered_json(action.preset);
        entry["command"] = dialects::imaging::to_json(action.commands);
        entry["transform"] = action.transform;
        if (!action.roles.empty()) entry["roles"] = action.roles;
        data.push_back(std::move(entry));
    }
    auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - ctx.received);
    nlohmann::ordered_json body = {
        {"catalog", "list of image processing actions"},
        {"response", {{"data", std::move(data)}}},
        {"links", {{"href", base_url(ctx.request, trust_proxy_) + std::string(ctx.path)}}},
        {"status", 200},
        {"time", elapsed.count()}};
    Response res = make_response(status::ok, body.dump(2) + "\n", "application/json");
    // The list depends on the caller's roles.
    res.set(field::cache_control, "private, no-cache");
    res.set(field::vary, "Cookie");
    return res;
}

} // namespace pictor::http
