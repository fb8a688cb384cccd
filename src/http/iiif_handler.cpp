#include "http/iiif_handler.h"

#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;
namespace iiif = dialects::iiif;

namespace {

const char* profile_uri(iiif::Version v) {
    return v == iiif::Version::V3 ? "http://iiif.io/api/image/3/level2.json"
                                  : "http://iiif.io/api/image/2/level2.json";
}

Extras links(iiif::Version version, const std::string& base, const std::string& canonical) {
    return [version, link = "<" + base + "/" + canonical + ">;rel=\"canonical\", <" +
                            profile_uri(version) +
                            ">;rel=\"profile\""](Response& res) { res.set(field::link, link); };
}

} // namespace

std::string info_content_type(iiif::Version v, const Request& request) {
    bool has_accept = request.find(field::accept) != request.end();
    bool wants_ld = request[field::accept].find("application/ld+json") != std::string_view::npos;
    if (v == iiif::Version::V3 && (wants_ld || !has_accept))
        return "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"";
    if (v == iiif::Version::V2 && wants_ld) return "application/ld+json";
    return "application/json";
}

Response iiif_error(const core::Error& error) {
    auto s = error.code == core::ErrorCode::TooLarge ? status::bad_request : status_for(error.code);
    return text_error(s, error.message);
}

IiifHandler::IiifHandler(service::IiifService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint) {}

void IiifHandler::register_routes(Router& router) {
    for (auto [version, prefix, name] :
         {std::tuple{iiif::Version::V3, std::string("/iiif/3/"), "iiif3"},
          std::tuple{iiif::Version::V2, std::string("/iiif/2/"), "iiif2"}}) {
        // Init-captures: clang 14 (make fuzz) cannot capture structured bindings.
        router.add_prefix(prefix, name,
                          [this, v = version, p = prefix](RequestContext& ctx, Reply reply) {
                              handle(v, p, ctx, std::move(reply));
                          });
    }
}

Response IiifHandler::info(iiif::Version version, const iiif::IiifPath& path,
                           const std::string& base, const std::string& server_base,
                           const service::Credentials& creds,
                           const std::string& content_type) const {
    auto info = service_.info(version, path, base, server_base, creds);
    if (!info) return endpoint_.error(iiif_error, info.error());
    // A viewer who may not see everything gets the same document with 401 or 403, so a client
    // finds the auth services there; like every refusal it is not cacheable.
    Response res =
        make_response(static_cast<status>(info->status), info->body.dump(2), content_type);
    res.set(field::link, std::string("<") + profile_uri(version) + ">;rel=\"profile\"");
    if (info->status != 200)
        mark_uncacheable(res);
    else
        endpoint_.set_privacy(res, info->restricted);
    return res;
}

void IiifHandler::handle(iiif::Version version, const std::string& prefix, RequestContext& ctx,
                         Reply reply) {
    auto path = iiif::split_iiif_path(ctx.path.substr(prefix.size()));
    if (!path) return reply(endpoint_.error(iiif_error, path.error()));
    std::string server_base = std::string(ctx.base_url);
    std::string base = server_base + prefix + path->raw_identifier;
    serve(version, server_base, std::move(base), std::move(*path), ctx, std::move(reply));
}

void IiifHandler::serve(iiif::Version version, const std::string& server_base, std::string base,
                        iiif::IiifPath path, RequestContext& ctx, Reply reply,
                        std::optional<service::Credentials> as) {
    // Cache hits and 304s of answers that depend on nobody are given here on the network
    // thread when the source's header is already known; everything else goes to a worker.
    if (path.kind == iiif::IiifPath::Kind::Image)
        if (auto known = service_.prepare_image_known(version, path)) {
            if (!*known) return reply(endpoint_.error(iiif_error, known->error()));
            const service::IiifImage& image = ***known;
            if (auto done = endpoint_.answer_known(ctx.request, image.image, iiif_error,
                                                   links(version, base, image.canonical_params)))
                return reply(std::move(*done));
        }
    std::string content_type = info_content_type(version, ctx.request);
    auto deadline = endpoint_.deadline(ctx);
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, version, p = std::move(path), base, server_base,
                 creds = as ? std::move(*as) : endpoint_.credentials(ctx), content_type, deadline,
                 request]() -> Response {
        switch (p.kind) {
        case iiif::IiifPath::Kind::Base: {
            if (auto r = service_.exists(p); !r) return endpoint_.error(iiif_error, r.error());
            Response res{status::see_other, 11};
            res.set(field::location, base + "/info.json");
            return res;
        }
        case iiif::IiifPath::Kind::Info:
            return info(version, p, base, server_base, creds, content_type);
        case iiif::IiifPath::Kind::Image: break;
        }
        auto image = service_.prepare_image(version, p, creds);
        if (!image) return endpoint_.error(iiif_error, image.error());
        return endpoint_.answer(*request, image->image, deadline, iiif_error,
                                links(version, base, image->canonical_params));
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), iiif_error);
}

} // namespace pictor::http
