#include "api/iiif/auth_handler.h"

#include "api/iiif/auth_pages.h"
#include "core/percent.h"
#include "dialects/common/query_params.h"
#include "http/base_url.h"
#include "http/credentials.h"
#include "http/cross_site.h"
#include "http/response_builders.h"
#include "policy/auth1_documents.h"
#include "policy/auth_documents.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
using beast_http::verb;

namespace {

constexpr std::string_view kProbePrefix = "/auth/v2/probe/";

Response html(status s, std::string body) {
    return uncacheable_response(s, std::move(body), "text/html; charset=utf-8");
}

// Query or form parameters, leniently: a malformed one reads as absent.
std::string param(std::string_view query, std::string_view name) {
    std::string q(query);
    for (auto& c : q)
        if (c == '+') c = ' '; // form encoding
    auto parsed = dialects::parse_query(q);
    if (!parsed) return {};
    for (const auto& [k, v] : *parsed)
        if (k == name) return v;
    return {};
}

} // namespace

AuthHandler::AuthHandler(service::IiifService& iiif, CpuPool& pool, const config::AuthConfig& auth,
                         const config::DlcsConfig& dlcs, const config::ServerConfig& server,
                         const config::RuntimeLimits& limits)
    : iiif_(iiif), access_(iiif.access()), pool_(pool), trust_proxy_(server.trust_proxy),
      limits_(limits), auth_(auth), dlcs_(dlcs.parsed_spaces()) {}

void AuthHandler::register_routes(Router& router) {
    auto route = [&](const char* path, const char* name,
                     void (AuthHandler::*handler)(RequestContext&, Reply),
                     Methods methods = Methods::Read) {
        router.add_exact(
            path, name,
            [this, handler](RequestContext& c, Reply r) { (this->*handler)(c, std::move(r)); },
            methods);
    };
    if (auth_.iiif_auth_2) {
        router.add_prefix(std::string(kProbePrefix), "auth_probe",
                          [this](RequestContext& c, Reply r) { probe(c, std::move(r)); });
        route("/auth/v2/access/active", "auth_access", &AuthHandler::active, Methods::Any);
        route("/auth/v2/access/clickthrough", "auth_access", &AuthHandler::clickthrough,
              Methods::Any);
        route("/auth/v2/access/kiosk", "auth_access", &AuthHandler::kiosk);
        route("/auth/v2/access/external", "auth_access", &AuthHandler::external);
        route("/auth/v2/token", "auth_token", &AuthHandler::token);
        route("/auth/v2/logout", "auth_logout", &AuthHandler::logout);
    }
    if (auth_.iiif_auth_1) {
        // IIIF Authentication 1.0: the same pages and sessions, its own token answers.
        route("/auth/v1/login", "auth_access", &AuthHandler::active, Methods::Any);
        route("/auth/v1/clickthrough", "auth_access", &AuthHandler::clickthrough, Methods::Any);
        route("/auth/v1/kiosk", "auth_access", &AuthHandler::kiosk);
        route("/auth/v1/external", "auth_access", &AuthHandler::external);
        route("/auth/v1/token", "auth_token", &AuthHandler::token1);
        route("/auth/v1/logout", "auth_logout", &AuthHandler::logout);
    }
}

void AuthHandler::offload(Reply reply, std::function<Response()> work) {
    // Session and token lookups read the catalog: never on a network thread.
    http::offload(pool_, Clock::now() + limits_.deadline(), std::move(reply), std::move(work),
                  [](const core::Error& e) {
                      Response res = text_error(status::service_unavailable, e.message);
                      res.set(beast_http::field::retry_after, "1");
                      return res;
                  });
}

std::string AuthHandler::session_cookie(const std::string& secret, int max_age_s) const {
    // Secure and SameSite=None: the token service is loaded in a third-party iframe.
    return auth_.cookie_name + "=" + secret + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
           "; HttpOnly; Secure; SameSite=None";
}

bool AuthHandler::origin_allowed(const std::string& origin) const {
    if (!policy::is_origin(origin)) return false;
    if (auth_.allowed_origins.empty()) return true;
    for (const auto& o : auth_.allowed_origins)
        if (o == origin) return true;
    return false;
}

void AuthHandler::probe(RequestContext& ctx, Reply reply) {
    auto raw = ctx.path.substr(kProbePrefix.size());
    auto id = core::percent_decode(raw);
    std::string server_base = std::string(ctx.base_url);
    auto token = bearer_token(ctx.request);
    std::string raw_id(raw);
    offload(reply, [this, id, raw_id, server_base, token]() {
        int code = 404;
        std::optional<std::string> substitute;
        if (id && !id->empty()) {
            auto answer = iiif_.probe(*id, token);
            std::string service_path = raw_id; // of the image service, below /iiif/3/
            if (answer.status == 404)
                if (auto dlcs = dialects::iiif::split_dlcs_path(raw_id, dlcs_);
                    dlcs && dlcs->iiif.kind == dialects::iiif::IiifPath::Kind::Base) {
                    answer = iiif_.probe(dlcs->iiif.identifier, token);
                    service_path = core::percent_encode(dlcs->iiif.identifier);
                }
            code = answer.status;
            if (answer.substitute)
                substitute = server_base + "/iiif/3/" + service_path + "/substitute";
        }
        // Always 200: the status for the resource is in the body.
        Response res =
            make_response(status::ok, policy::probe_result(code, substitute).dump(2),
                          "application/ld+json;profile=\"http://iiif.io/api/auth/2/context.json\"");
        res.set(field::cache_control, "no-store");
        res.set(field::vary, "Authorization");
        return res;
    });
}

void AuthHandler::active(RequestContext& ctx, Reply reply) {
    auto method = ctx.request.method();
    if (method == verb::get || method == verb::head) {
        std::string origin = param(ctx.query, "origin");
        auto creds = credentials(ctx, auth_.cookie_name);
        creds.access_token.clear(); // only the browser's own session counts here
        if (creds.session_secret.empty())
            return reply(html(status::ok, login_page(auth_.login_heading, auth_.login_note,
                                                     auth_.login_label, origin, "")));
        // A client opens the login window whenever it lacks a token (Mirador after a reload):
        // with a live session the window closes at once and the client asks for a token.
        return offload(reply, [this, creds, origin]() {
            if (access_.session(creds).aspect == service::Aspect::Valid)
                return html(status::ok, closing_page("You are logged in; this tab may close."));
            return html(status::ok, login_page(auth_.login_heading, auth_.login_note,
                                               auth_.login_label, origin, ""));
        });
    }
    if (method != verb::post) {
        Response res = text_error(status::method_not_allowed, "method not allowed");
        res.set(field::allow, "GET, HEAD, POST");
        return reply(std::move(res));
    }
    if (from_another_site(ctx.request, trust_proxy_)) // login CSRF: another site's form
        return reply(html(status::forbidden, closing_page("Log in from this server's own page.")));
    std::string body = ctx.request.body();
    offload(reply, [this, body]() {
        std::string user = param(body, "username"), password = param(body, "password");
        std::string origin = param(body, "origin");
        auto secret = user.empty() ? core::Result<std::string>(core::Error::unauthorized(""))
                                   : access_.login(user, password);
        if (!secret)
            return html(status::unauthorized,
                        login_page(auth_.login_heading, auth_.login_note, auth_.login_label, origin,
                                   "Unknown user or wrong password."));
        Response res = html(status::ok, closing_page("You are logged in; this tab may close."));
        res.set(field::set_cookie, session_cookie(*secret, auth_.session_ttl_s));
        return res;
    });
}

void AuthHandler::clickthrough(RequestContext& ctx, Reply reply) {
    if (!access_.clickthrough_enabled())
        return reply(text_error(status::not_found, "there is no clickthrough service"));
    auto method = ctx.request.method();
    if (method == verb::get || method == verb::head)
        return reply(
            html(status::ok, clickthrough_page(auth_.clickthrough_heading, auth_.clickthrough_terms,
                                               auth_.clickthrough_label)));
    if (method != verb::post) {
        Response res = text_error(status::method_not_allowed, "method not allowed");
        res.set(field::allow, "GET, HEAD, POST");
        return reply(std::move(res));
    }
    if (from_another_site(ctx.request, trust_proxy_)) // terms accepted by another site's form
        return reply(html(status::forbidden, closing_page("Accept the terms on this server.")));
    offload(reply, [this]() {
        auto secret = access_.clickthrough_login();
        if (!secret) return html(status::service_unavailable, closing_page(secret.error().message));
        Response res = html(status::ok, closing_page("Thank you; this tab may close."));
        res.set(field::set_cookie, session_cookie(*secret, auth_.session_ttl_s));
        return res;
    });
}

void AuthHandler::kiosk(RequestContext& ctx, Reply reply) {
    auto creds = credentials(ctx, auth_.cookie_name);
    offload(reply, [this, creds]() {
        auto secret = access_.kiosk_login(creds.address);
        if (!secret) return html(status::forbidden, closing_page(secret.error().message));
        Response res = html(status::ok, closing_page("Kiosk access granted."));
        res.set(field::set_cookie, session_cookie(*secret, auth_.session_ttl_s));
        return res;
    });
}

void AuthHandler::external(RequestContext&, Reply reply) {
    // Clients never open an external access service (its id is ignored); say so if one does.
    reply(html(status::ok, closing_page("Access depends on where you connect from.")));
}

void AuthHandler::token(RequestContext& ctx, Reply reply) {
    std::string message_id = param(ctx.query, "messageId");
    std::string origin = param(ctx.query, "origin");
    auto creds = credentials(ctx, auth_.cookie_name);
    offload(reply, [this, message_id, origin, creds]() {
        // Errors carry no secret, so they may go to any origin when the given one is unusable.
        std::string error_target = policy::is_origin(origin) ? origin : "*";
        auto fail = [&](const char* profile, const char* heading, const char* note) {
            return html(
                status::ok,
                token_page(policy::token_error(message_id, profile, heading, note), error_target));
        };
        if (message_id.empty() || origin.empty())
            return fail("invalidRequest", "Invalid request",
                        "The token service needs messageId and origin.");
        if (!origin_allowed(origin))
            return fail("invalidOrigin", "Invalid origin",
                        "This server does not issue tokens to that origin.");
        auto issued = access_.issue_token(creds);
        switch (issued.aspect) {
        case service::Aspect::Missing:
            return fail("missingAspect", "Not logged in", "Log in first.");
        case service::Aspect::Invalid:
            return fail("invalidAspect", "Invalid session", "Log in again.");
        case service::Aspect::Expired:
            return fail("expiredAspect", "Session expired", "Log in again.");
        case service::Aspect::Valid: break;
        }
        return html(
            status::ok,
            token_page(policy::token_message(message_id, issued.token, auth_.token_ttl_s), origin));
    });
}

void AuthHandler::token1(RequestContext& ctx, Reply reply) {
    std::string message_id = param(ctx.query, "messageId");
    std::string origin = param(ctx.query, "origin");
    auto creds = credentials(ctx, auth_.cookie_name);
    offload(reply, [this, message_id, origin, creds]() {
        // With a messageId the client is a browser: an HTML page posts the answer to `origin`.
        // Without one, the answer is JSON (Auth 1.0 §3.2), errors with their HTTP status.
        const bool browser = !message_id.empty();
        auto answer = [&](status code, const nlohmann::json& body, const std::string& target) {
            if (browser) return html(status::ok, token_page(body, target));
            return uncacheable_response(code, body.dump(), "application/json");
        };
        std::string error_target = policy::is_origin(origin) ? origin : "*";
        auto fail = [&](status code, const char* error, const char* description) {
            return answer(code, policy::auth1_token_error(message_id, error, description),
                          error_target);
        };
        if (browser && origin.empty())
            return fail(status::bad_request, "invalidRequest",
                        "The token service needs messageId and origin.");
        if (browser && !origin_allowed(origin))
            return fail(status::unauthorized, "invalidOrigin",
                        "This server does not issue tokens to that origin.");
        auto issued = access_.issue_token(creds);
        switch (issued.aspect) {
        case service::Aspect::Missing:
            return fail(status::unauthorized, "missingCredentials", "Log in first.");
        case service::Aspect::Invalid:
        case service::Aspect::Expired:
            return fail(status::unauthorized, "invalidCredentials", "Log in again.");
        case service::Aspect::Valid: break;
        }
        return answer(status::ok, policy::auth1_token(message_id, issued.token, auth_.token_ttl_s),
                      origin);
    });
}

void AuthHandler::logout(RequestContext& ctx, Reply reply) {
    auto creds = credentials(ctx, auth_.cookie_name);
    offload(reply, [this, creds]() {
        access_.logout(creds);
        Response res = html(status::ok, closing_page("You are logged out."));
        res.set(field::set_cookie, session_cookie("", 0));
        return res;
    });
}

} // namespace pictor::api
