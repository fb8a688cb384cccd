#include "api/iiif/manifest_handler.h"

#include "core/digest.h"
#include "core/percent.h"
#include "dialects/common/query_params.h"
#include "http/base_url.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::status;

namespace {

constexpr std::string_view kPrefix = "/iiif/presentation/3/";
constexpr std::string_view kCollection = "collection";
constexpr std::string_view kManifest = "/manifest";

Response presentation_error(const core::Error& error) {
    return text_error(status_for(error.code), error.message);
}

// The `page` parameter: absent = 0; a positive number; anything else is an error.
core::Result<int> page_of(std::string_view query) {
    auto params = dialects::parse_query(std::string(query));
    if (!params) return core::Error::bad_request("malformed query string");
    for (const auto& [name, value] : *params) {
        if (name != "page") continue;
        if (value.empty() || value.size() > 6 ||
            value.find_first_not_of("0123456789") != std::string::npos || std::stoi(value) < 1)
            return core::Error::bad_request("page must be a positive number");
        return std::stoi(value);
    }
    return 0;
}

} // namespace

ManifestHandler::ManifestHandler(service::ManifestService& service, ImageEndpoint& endpoint)
    : service_(service), endpoint_(endpoint) {}

void ManifestHandler::register_routes(Router& router) {
    router.add_prefix(std::string(kPrefix), "presentation",
                      [this](RequestContext& c, Reply r) { handle(c, std::move(r)); });
}

void ManifestHandler::handle(RequestContext& ctx, Reply reply) {
    std::string_view rest = ctx.path.substr(kPrefix.size());
    bool manifest = rest.size() > kManifest.size() && rest.ends_with(kManifest);
    bool collection = !manifest && (rest == kCollection || rest.starts_with("collection/"));
    if (!manifest && !collection)
        return reply(endpoint_.error(presentation_error,
                                     core::Error::not_found("no such Presentation resource")));
    std::string_view raw = manifest ? rest.substr(0, rest.size() - kManifest.size())
                                    : rest.substr(std::min(rest.size(), kCollection.size() + 1));
    auto name = core::percent_decode(raw);
    if (!name) return reply(endpoint_.error(presentation_error, name.error()));
    auto page = collection ? page_of(ctx.query) : core::Result<int>(0);
    if (!page) return reply(endpoint_.error(presentation_error, page.error()));
    std::string server_base = std::string(ctx.base_url);
    const Request* request = &ctx.request; // alive until the reply is sent
    auto work = [this, request, manifest, name = std::move(*name), page = *page,
                 server_base]() -> Response {
        auto doc = manifest ? service_.manifest(name, server_base)
                            : service_.collection(name, page, server_base);
        if (!doc) return endpoint_.error(presentation_error, doc.error());
        std::string body = doc->dump(2);
        service::Validators validators;
        validators.etag = "\"" + core::sha256_hex(body).substr(0, 32) + "\"";
        return endpoint_.document(
            *request,
            make_response(status::ok, std::move(body), dialects::iiif::kPresentationMediaType),
            validators, false, presentation_error);
    };
    endpoint_.submit(ctx, std::move(reply), std::move(work), presentation_error);
}

} // namespace pictor::api
