#include "api/iiif/dlcs_handler.h"

#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
namespace iiif = dialects::iiif;

namespace {

constexpr std::string_view kImagePrefix = "/iiif-img/";
constexpr std::string_view kThumbsPrefix = "/thumbs/";

Response redirect(status s, const std::string& location) {
    Response res{s, 11};
    res.set(field::location, location);
    return res;
}

} // namespace

DlcsHandler::DlcsHandler(const config::DlcsConfig& config, IiifAnswers& iiif,
                         service::ThumbsService& thumbs, ImageEndpoint& endpoint)
    : spaces_(config.parsed_spaces()),
      default_version_(config.default_version == 2 ? iiif::Version::V2 : iiif::Version::V3),
      iiif_(iiif), thumbs_(thumbs), endpoint_(endpoint) {}

void DlcsHandler::register_routes(Router& router) {
    router.add_prefix(std::string(kImagePrefix), "dlcs_image",
                      [this](RequestContext& c, Reply r) { image_service(c, std::move(r)); });
    router.add_prefix(std::string(kThumbsPrefix), "dlcs_thumbs",
                      [this](RequestContext& c, Reply r) { thumbs(c, std::move(r)); });
}

iiif::Version DlcsHandler::version_of(const std::optional<iiif::Version>& slug,
                                      const iiif::IiifPath& path, const Request& request) const {
    if (slug) return *slug;
    // An unversioned info.json answers the version the client's Accept names by its context
    // (as DLCS does); image requests keep the default version's syntax.
    if (path.kind == iiif::IiifPath::Kind::Info) {
        std::string_view accept = request[field::accept];
        if (accept.find("iiif.io/api/image/2/context.json") != std::string_view::npos)
            return iiif::Version::V2;
        if (accept.find("iiif.io/api/image/3/context.json") != std::string_view::npos)
            return iiif::Version::V3;
    }
    return default_version_;
}

void DlcsHandler::image_service(RequestContext& ctx, Reply reply) {
    auto path = iiif::split_dlcs_path(ctx.path.substr(kImagePrefix.size()), spaces_);
    if (!path) return reply(endpoint_.error(iiif_error, path.error()));
    std::string server_base = std::string(ctx.base_url);
    auto version = version_of(path->version, path->iiif, ctx.request);
    // The default version has one canonical address, the unversioned one: a versioned info.json
    // of it goes there, and so does its base URI, in one step.
    bool default_slug = path->version == default_version_;
    if (default_slug && path->iiif.kind == iiif::IiifPath::Kind::Info) {
        return reply(redirect(status::found, server_base + std::string(kImagePrefix) +
                                                 path->iiif.raw_identifier + "/info.json"));
    }
    std::string base =
        server_base + std::string(kImagePrefix) +
        (default_slug && path->iiif.kind == iiif::IiifPath::Kind::Base ? std::string()
                                                                       : path->slug) +
        path->iiif.raw_identifier;
    iiif_.serve(version, server_base, std::move(base), std::move(path->iiif), ctx,
                std::move(reply));
}

void DlcsHandler::thumbs(RequestContext& ctx, Reply reply) {
    auto path = iiif::split_dlcs_path(ctx.path.substr(kThumbsPrefix.size()), spaces_);
    if (!path) return reply(endpoint_.error(iiif_error, path.error()));
    auto version = version_of(path->version, path->iiif, ctx.request);
    std::string base = std::string(ctx.base_url) + std::string(kThumbsPrefix) + path->slug +
                       path->iiif.raw_identifier;
    if (path->iiif.kind == iiif::IiifPath::Kind::Base)
        return reply(redirect(status::see_other, base + "/info.json"));
    std::string content_type = info_content_type(version, ctx.request);
    auto deadline = endpoint_.deadline(ctx);
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, version, p = std::move(path->iiif), base, content_type, deadline,
                 request]() -> Response {
        if (p.kind == iiif::IiifPath::Kind::Info) {
            auto info = thumbs_.info(version, p, base);
            if (!info) return endpoint_.error(iiif_error, info.error());
            Response res = make_response(status::ok, info->dump(2), content_type);
            endpoint_.set_privacy(res, false); // the open sizes: the same for every viewer
            add_vary(res, "Accept"); // its media type, and unversioned its version, follow Accept
            return res;
        }
        auto image = thumbs_.prepare(version, p);
        if (!image) return endpoint_.error(iiif_error, image.error());
        return endpoint_.answer(*request, *image, deadline, iiif_error);
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), iiif_error);
}

} // namespace pictor::api
