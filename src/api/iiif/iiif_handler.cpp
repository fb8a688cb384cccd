#include "api/iiif/iiif_handler.h"

namespace pictor::api {

namespace iiif = dialects::iiif;

IiifHandler::IiifHandler(IiifAnswers& answers) : answers_(answers) {}

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

void IiifHandler::handle(iiif::Version version, const std::string& prefix, RequestContext& ctx,
                         Reply reply) {
    std::string_view as_sent = ctx.path.substr(prefix.size());
    if (auto done = answers_.answer_remembered(version, prefix, as_sent, ctx))
        return reply(std::move(*done));
    auto path = iiif::split_iiif_path(as_sent);
    if (!path) return reply(answers_.error(path.error()));
    std::string server_base = std::string(ctx.base_url);
    std::string base = server_base + prefix + path->raw_identifier;
    answers_.serve(version, server_base, std::move(base), std::move(*path), ctx, std::move(reply));
}

} // namespace pictor::api
