#include "api/iiif/iiif_answers.h"

#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

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

IiifAnswers::IiifAnswers(service::IiifService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint) {}

Response IiifAnswers::error(const core::Error& error) const {
    return endpoint_.error(iiif_error, error);
}

Response IiifAnswers::info(iiif::Version version, const iiif::IiifPath& path,
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
    add_vary(res, "Accept"); // the media type follows the Accept header
    if (info->status != 200)
        mark_uncacheable(res);
    else
        endpoint_.set_privacy(res, info->restricted);
    return res;
}

std::optional<Response> IiifAnswers::answer_remembered(iiif::Version version,
                                                       const std::string& prefix,
                                                       std::string_view as_sent,
                                                       const RequestContext& ctx) {
    auto image = service_.remembered_as_sent(version, as_sent);
    if (!image) return std::nullopt;
    // The identifier, as sent, is what precedes the last four segments (region, size, rotation,
    // quality.format): remembered paths are image paths that parsed.
    std::size_t end = as_sent.size();
    for (int i = 0; i < 4; ++i) {
        if (end == 0 || end == std::string_view::npos) return std::nullopt;
        end = as_sent.rfind('/', end - 1);
    }
    if (end == 0 || end == std::string_view::npos) return std::nullopt;
    std::string base = std::string(ctx.base_url) + prefix + std::string(as_sent.substr(0, end));
    return endpoint_.answer_known(ctx.request, *image, iiif_error,
                                  links(version, base, image->canonical));
}

void IiifAnswers::serve(iiif::Version version, const std::string& server_base, std::string base,
                        iiif::IiifPath path, RequestContext& ctx, Reply reply,
                        std::optional<service::Credentials> as) {
    // Cache hits and 304s of answers that depend on nobody are given here on the network
    // thread when the source's header is already known (a repeat of the path is remembered, not
    // parsed again); everything else goes to a worker with the request parsed once, here.
    std::optional<iiif::ImageRequest> parsed;
    if (path.kind == iiif::IiifPath::Kind::Image) {
        auto known_image = [&](const service::PreparedImage& image) {
            return endpoint_.answer_known(ctx.request, image, iiif_error,
                                          links(version, base, image.canonical));
        };
        auto remembered = service_.remembered_image(version, path);
        if (remembered)
            if (auto done = known_image(*remembered)) return reply(std::move(*done));
        auto request = service_.parse(version, path);
        if (!request) return reply(endpoint_.error(iiif_error, request.error()));
        parsed = std::move(*request);
        if (!remembered) // decided already when remembered: what is left is a worker's
            if (auto known = service_.prepare_image_known(version, path, *parsed)) {
                if (!*known) return reply(endpoint_.error(iiif_error, known->error()));
                if (auto done = known_image(***known)) return reply(std::move(*done));
            }
    }
    std::string content_type = info_content_type(version, ctx.request);
    auto deadline = endpoint_.deadline(ctx);
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, version, p = std::move(path), parsed = std::move(parsed), base, server_base,
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
        auto image = service_.prepare_image(version, p, *parsed, creds);
        if (!image) return endpoint_.error(iiif_error, image.error());
        return endpoint_.answer(*request, *image, deadline, iiif_error,
                                links(version, base, image->canonical));
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), iiif_error);
}

} // namespace pictor::api
