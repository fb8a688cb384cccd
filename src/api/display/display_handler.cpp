#include "api/display/display_handler.h"

#include <ctime>

#include <nlohmann/json.hpp>

#include "core/percent.h"
#include "http/base_url.h"
#include "http/conditional.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;

namespace {

const char* title_for(status s) {
    switch (s) {
    case status::bad_request: return "Invalid request";
    case status::not_found: return "File not found";
    case status::unauthorized: return "Login required";
    case status::forbidden: return "Forbidden";
    case status::precondition_failed: return "Precondition failed";
    case status::unsupported_media_type: return "Not an image";
    case status::unprocessable_entity: return "Unusable image";
    case status::service_unavailable: return "Service unavailable";
    case status::bad_gateway: return "Bad gateway";
    case status::gateway_timeout: return "Gateway timeout";
    case status::not_implemented: return "Not implemented";
    case status::payload_too_large: return "Too large";
    default: return "Internal error";
    }
}

} // namespace

ErrorTable display_errors(const std::string& url, std::string title) {
    return [url, title](const core::Error& error) {
        auto s =
            error.code == core::ErrorCode::TooLarge ? status::bad_request : status_for(error.code);
        nlohmann::json body = {{"title", title.empty() ? std::string(title_for(s)) : title},
                               {"message", error.message},
                               {"url", url},
                               {"timestamp", format_http_date(std::time(nullptr))},
                               {"status", static_cast<int>(s)}};
        return make_response(s, body.dump() + "\n", "application/json");
    };
}

DisplayHandler::DisplayHandler(service::DisplayService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint) {}

void DisplayHandler::register_routes(Router& router) {
    for (std::string prefix : {"/api/display/", "/api/0.4/display/"})
        router.add_prefix(prefix, "display", [this, prefix](RequestContext& ctx, Reply reply) {
            handle(prefix, ctx, std::move(reply));
        });
    // Any other /api/ path: OpenAtlas's JSON error shape, not the server's plain text.
    router.add_prefix("/api/", "display", [this](RequestContext& ctx, Reply reply) {
        std::string url = std::string(ctx.base_url) + std::string(ctx.request.target());
        reply(endpoint_.error(display_errors(url, "Endpoint not found"),
                              core::Error::not_found("This API endpoint does not exist.")));
    });
}

void DisplayHandler::handle(const std::string& prefix, RequestContext& ctx, Reply reply) {
    std::string url = std::string(ctx.base_url) + std::string(ctx.request.target());
    ErrorTable errors = display_errors(url);
    if (auto s = endpoint_.signed_urls().check("display", ctx); !s)
        return reply(endpoint_.error(errors, s.error()));
    auto identifier = core::percent_decode(ctx.path.substr(prefix.size()));
    if (!identifier)
        return reply(endpoint_.error(
            errors, core::Error::bad_request("malformed percent-encoding in the id")));
    if (identifier->empty())
        return reply(endpoint_.error(errors, core::Error::not_found("No file id was given.")));
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, id = std::move(*identifier), query = std::string(ctx.query),
                 accept = std::string(ctx.request[field::accept]), errors,
                 creds = endpoint_.credentials(ctx), deadline = endpoint_.deadline(ctx),
                 request]() -> Response {
        auto original = service_.original(id, query, accept, creds);
        if (!original) return endpoint_.error(errors, original.error());
        if (*original) { // the file itself, as OpenAtlas sends it
            const auto& o = **original;
            Response body = make_response(status::ok, o.file.bytes, core::mime_type(o.file.format));
            body.set(field::content_disposition, content_disposition(o.attachment, o.file_name));
            return endpoint_.original(*request, std::move(body), o.file.validators,
                                      o.file.private_answer, errors);
        }
        auto image = service_.prepare(id, query, accept, creds);
        if (!image) return endpoint_.error(errors, image.error());
        return endpoint_.answer(*request, image->image, deadline, errors, [&](Response& res) {
            if (image->negotiated) {
                auto vary = res.find(field::vary);
                res.set(field::vary, vary == res.end() ? std::string("Accept")
                                                       : "Accept, " + std::string(vary->value()));
            }
            res.set(field::content_disposition,
                    content_disposition(image->attachment, image->file_name));
        });
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), errors);
}

} // namespace pictor::api
