#include "api/imaging/imaging_handler.h"

#include <nlohmann/json.hpp>

#include "dialects/imaging/api_error.h"
#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
namespace imaging = dialects::imaging;

namespace {

constexpr std::string_view kPrefix = "/app/api/json/imaging/";
constexpr std::string_view kCatalog = "/app/api/json/catalog/imaging";
constexpr std::string_view kLegacy = "/app/_plugins/WXM_RESTAPI/page/imaging.jspz";
constexpr std::string_view kLegacyCatalog = "/app/_plugins/WXM_RESTAPI/page/catalog/imaging.jspz";

Response api_response(const imaging::ApiError& error) {
    nlohmann::json body = {
        {"status", error.status}, {"code", error.code}, {"message", error.message}};
    return make_response(static_cast<status>(error.status), body.dump() + "\n", "application/json");
}

} // namespace

ErrorTable imaging_errors(bool wedia_codes) {
    return [wedia_codes](const core::Error& error) {
        return api_response(imaging::api_error(error, wedia_codes));
    };
}

ImagingHandler::ImagingHandler(service::ImagingService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint), errors_(imaging_errors(service.wedia_error_codes())) {
}

void ImagingHandler::register_routes(Router& router) {
    router.add_prefix(std::string(kPrefix), "imaging", [this](RequestContext& ctx, Reply reply) {
        run(ctx, imaging::parse_imaging_path(ctx.path.substr(kPrefix.size())), std::move(reply));
    });
    router.add_exact(std::string(kLegacy), "imaging", [this](RequestContext& ctx, Reply reply) {
        run(ctx, imaging::parse_legacy_query(ctx.query), std::move(reply));
    });
    for (auto path : {kCatalog, kLegacyCatalog, std::string_view("/app/api/json/imaging")})
        router.add_exact(
            std::string(path), "imaging_catalog", [this](RequestContext& ctx, Reply reply) {
                // The list depends on the caller's roles: looked up on a worker.
                auto work = [this, creds = endpoint_.credentials(ctx),
                             href = std::string(ctx.base_url) + std::string(ctx.path),
                             received = ctx.received] { return catalog(creds, href, received); };
                endpoint_.submit(ctx, std::move(reply), std::move(work), errors_);
            });
}

void ImagingHandler::run(RequestContext& ctx, core::Result<imaging::ImagingRoute> route,
                         Reply reply, std::optional<service::Credentials> as) {
    if (!route) return reply(endpoint_.error(errors_, route.error()));
    // A transform is what signing guards (named actions are the site's own); the admin console's
    // look as another viewer (`as`) is the operator's.
    if (!as && !route->transform.empty())
        if (auto s = endpoint_.signed_urls().check("imaging", ctx); !s)
            return reply(endpoint_.error(errors_, s.error()));
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, r = std::move(*route),
                 creds = as ? std::move(*as) : endpoint_.credentials(ctx),
                 deadline = endpoint_.deadline(ctx), request]() -> Response {
        auto image = service_.prepare(r.action, r.identifier, r.transform, creds);
        if (!image) return endpoint_.error(errors_, image.error());
        return endpoint_.answer(*request, image->image, deadline, errors_, [&](Response& res) {
            res.set("X-Imaging-Commands", image->commands);
            res.set(field::content_disposition, content_disposition(true, image->file_name));
        });
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), errors_);
}

Response ImagingHandler::catalog(const service::Credentials& creds, const std::string& href,
                                 Clock::time_point received) const {
    if (!service_.catalog_enabled()) {
        Response res =
            api_response(imaging::catalog_forbidden("the imaging catalog is not available"));
        mark_uncacheable(res);
        return res;
    }
    auto data = nlohmann::ordered_json::array();
    for (const auto& action : service_.callable(creds)) {
        nlohmann::ordered_json entry = {{"name", action.name}, {"description", action.description}};
        entry["preset"] = action.preset.empty() ? nlohmann::ordered_json()
                                                : nlohmann::ordered_json(action.preset);
        // As configured, JSON types kept (Wedia echoes its configuration); canonical otherwise.
        entry["command"] =
            action.configured.is_null() ? imaging::to_json(action.commands) : action.configured;
        entry["transform"] = action.transform;
        if (!action.roles.empty()) entry["roles"] = action.roles;
        data.push_back(std::move(entry));
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - received);
    nlohmann::ordered_json body = {{"catalog", "list of image processing actions"},
                                   {"response", {{"data", std::move(data)}}},
                                   {"links", {{"href", href}}},
                                   {"status", 200},
                                   {"time", elapsed.count()}};
    Response res = make_response(status::ok, body.dump(2) + "\n", "application/json");
    // The list depends on the caller's roles.
    res.set(field::cache_control, "private, no-cache");
    res.set(field::vary, "Cookie, Authorization");
    return res;
}

} // namespace pictor::api
