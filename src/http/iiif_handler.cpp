#include "http/iiif_handler.h"

#include <spdlog/spdlog.h>

#include "http/base_url.h"
#include "http/credentials.h"
#include "http/image_response.h"
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

std::string info_content_type(iiif::Version v, const std::string& accept, bool has_accept) {
    bool wants_ld = accept.find("application/ld+json") != std::string::npos;
    if (v == iiif::Version::V3 && (wants_ld || !has_accept))
        return "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"";
    if (v == iiif::Version::V2 && wants_ld) return "application/ld+json";
    return "application/json";
}

} // namespace

Response iiif_error(const core::Error& error) {
    if (!error.detail.empty()) spdlog::warn("{}: {}", error.message, error.detail);
    auto s = error.code == core::ErrorCode::TooLarge ? status::bad_request : status_for(error.code);
    return text_error(s, error.message);
}

IiifHandler::IiifHandler(service::IiifService& service, CpuPool& pool, Metrics& metrics,
                         const config::Config& config)
    : service_(service), pool_(pool), metrics_(metrics), trust_proxy_(config.server.trust_proxy),
      deadline_ms_(config.limits.deadline_ms), max_age_s_(config.server.max_age_s),
      cookie_name_(config.auth.cookie_name) {}

void IiifHandler::register_routes(Router& router) {
    for (auto [version, prefix, name] :
         {std::tuple{iiif::Version::V3, std::string("/iiif/3/"), "iiif3"},
          std::tuple{iiif::Version::V2, std::string("/iiif/2/"), "iiif2"}}) {
        router.add_prefix(prefix, name, [this, version, prefix](RequestContext& ctx, Reply reply) {
            handle(version, prefix, ctx, std::move(reply));
        });
    }
}

std::string IiifHandler::links(iiif::Version version, const std::string& base,
                               const service::IiifImageRequest& request) const {
    return "<" + base + "/" + request.canonical_params + ">;rel=\"canonical\", <" +
           profile_uri(version) + ">;rel=\"profile\"";
}

std::optional<Response> IiifHandler::answer_known(const Request& http_request,
                                                  iiif::Version version, const std::string& base,
                                                  const service::IiifImageRequest& request) const {
    auto done = answer_preconditions(http_request, request.validators, max_age_s_, [] {
        return text_error(status::precondition_failed, "precondition failed");
    });
    if (done && done->result() == status::not_modified) {
        done->set(field::link, links(version, base, request));
        if (request.restricted) make_private(*done, max_age_s_);
    }
    return done;
}

void IiifHandler::handle(iiif::Version version, const std::string& prefix, RequestContext& ctx,
                         Reply reply) {
    auto path = iiif::split_iiif_path(ctx.path.substr(prefix.size()));
    if (!path) return reply(iiif_error(path.error()));
    std::string server_base = base_url(ctx.request, trust_proxy_);
    std::string base = server_base + prefix + path->raw_identifier;
    bool has_accept = ctx.request.find(field::accept) != ctx.request.end();
    std::string accept(ctx.request[field::accept]);
    auto deadline = ctx.received + std::chrono::milliseconds(deadline_ms_);

    // The session keeps the request alive until the reply has been sent.
    const Request* http_request = &ctx.request;
    // Cache hits and 304s are answered here on the network thread, without a hand-off to the
    // workers, when the source's header is already known and the derivative is in memory.
    // Requests whose answer depends on the viewer go to the workers: finding the viewer may
    // read the catalog.
    if (path->kind == iiif::IiifPath::Kind::Image && !service_.depends_on_viewer(*path))
        if (auto known = service_.prepare_image_known(version, *path)) {
            if (!*known) return reply(iiif_error(known->error()));
            const service::IiifImageRequest& request = ***known;
            if (auto done = answer_known(ctx.request, version, base, request))
                return reply(std::move(*done));
            if (auto hit = service_.image_from_memory(request)) {
                Response res = image_response(*hit, max_age_s_);
                res.set(field::link, links(version, base, request));
                return reply(std::move(res));
            }
        }
    service::Credentials creds = credentials(ctx, cookie_name_, trust_proxy_);
    auto task = [this, version, p = std::move(*path), base, server_base, creds, accept, has_accept,
                 deadline, http_request, reply]() {
        if (Clock::now() > deadline)
            return reply(text_error(status::service_unavailable, "the request waited too long"));
        switch (p.kind) {
        case iiif::IiifPath::Kind::Base: {
            if (auto r = service_.exists(p); !r) return reply(iiif_error(r.error()));
            Response res{status::see_other, 11};
            res.set(field::location, base + "/info.json");
            return reply(std::move(res));
        }
        case iiif::IiifPath::Kind::Info: {
            auto info = service_.info(version, p, base, server_base, creds);
            if (!info) return reply(iiif_error(info.error()));
            // A viewer who may not see everything gets the same document with 401 or 403,
            // so a client finds the auth services there.
            Response res = make_response(static_cast<status>(info->status), info->body.dump(2),
                                         info_content_type(version, accept, has_accept));
            res.set(field::link, std::string("<") + profile_uri(version) + ">;rel=\"profile\"");
            if (info->restricted)
                make_private(res, max_age_s_);
            else
                res.set(field::cache_control, "public, max-age=" + std::to_string(max_age_s_));
            return reply(std::move(res));
        }
        case iiif::IiifPath::Kind::Image: {
            auto request = service_.prepare_image(version, p, creds);
            if (!request) return reply(iiif_error(request.error()));
            if (auto done = answer_known(*http_request, version, base, *request))
                return reply(std::move(*done));
            auto answer = service_.image(*request, deadline);
            if (!answer) return reply(iiif_error(answer.error()));
            metrics_.add_decoded_pixels(answer->decoded_pixels);
            Response res = image_response(*answer, max_age_s_);
            res.set(field::link, links(version, base, *request));
            if (request->restricted) make_private(res, max_age_s_);
            return reply(std::move(res));
        }
        }
    };
    if (!pool_.try_submit(std::move(task)))
        reply(text_error(status::service_unavailable, "server busy, try again shortly"));
}

} // namespace pictor::http
