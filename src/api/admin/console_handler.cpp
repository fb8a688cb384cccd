#include "api/admin/console_handler.h"

#include <algorithm>
#include <map>

#include "api/admin/admin_gate.h"
#include "core/clock.h"
#include "core/percent.h"
#include "dialects/common/query_params.h"
#include "dialects/converter/request_format.h"
#include "dialects/imaging/command_set.h"
#include "dialects/imaging/route.h"
#include "http/base_url.h"
#include "http/credentials.h"
#include "http/response_builders.h"
#include "policy/secrets.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
using beast_http::verb;
using nlohmann::json;
namespace iiif = dialects::iiif;

namespace {

constexpr std::string_view kSession = "/admin/session";
constexpr std::string_view kSeenBy = "/admin/seen-by/";
constexpr std::string_view kPreviews = "/admin/previews";

// The query's parameters by name ("" when absent); a name outside `allowed` is a 400.
core::Result<std::map<std::string, std::string>>
known_params(std::string_view query, std::initializer_list<std::string_view> allowed) {
    auto params = dialects::parse_query(query);
    if (!params) return params.error();
    std::map<std::string, std::string> out;
    for (auto& [n, v] : *params) {
        if (std::find(allowed.begin(), allowed.end(), n) == allowed.end())
            return core::Error::bad_request("unknown parameter '" + n + "'");
        out[n] = std::move(v);
    }
    return out;
}

// The viewer an "as seen by" segment names: anonymous, user (signed in, no role), staff
// (every role of the asset) or role:NAME.
core::Result<policy::Viewer> seen_by_viewer(std::string_view segment,
                                            const std::vector<std::string>& asset_roles) {
    auto name = core::percent_decode(segment);
    if (!name) return name.error();
    if (*name == "anonymous") return policy::Viewer{};
    if (*name == "user") return policy::Viewer{true, {}};
    if (*name == "staff") return policy::Viewer{true, asset_roles};
    if (name->starts_with("role:") && name->size() > 5)
        return policy::Viewer{true, {name->substr(5)}};
    return core::Error::not_found("no such viewer: anonymous, user, staff or role:NAME");
}

} // namespace

ConsoleHandler::ConsoleHandler(ConsoleParts parts, ConsoleSessions& sessions, const AdminGate& gate,
                               CpuPool& pool, const config::AdminConfig& admin,
                               const config::ServerConfig& server,
                               const config::RuntimeLimits& limits)
    : parts_(std::move(parts)), sessions_(sessions), gate_(gate), pool_(pool), admin_(admin),
      trust_proxy_(server.trust_proxy), limits_(limits) {}

void ConsoleHandler::offload_work(Reply reply, std::function<Response()> work) {
    offload(pool_, Clock::now() + limits_.deadline(), std::move(reply), std::move(work),
            [](const core::Error& e) { return admin_error(e); });
}

void ConsoleHandler::register_routes(Router& router) {
    auto gated = [this](const Request& request) { return gate_.refusal(request); };
    router.add_exact(
        std::string(kSession), "admin",
        [this](RequestContext& ctx, Reply reply) {
            const Request* request = &ctx.request; // alive until the reply is sent
            offload_work(std::move(reply), [this, request] { return session(*request); });
        },
        Methods::Any);
    // Signing in needs no credentials, but never from another site (login CSRF).
    router.set_body_rules(std::string(kSession), 16 * 1024, [this](const Request& request) {
        return gate_.cross_site_refusal(request);
    });

    router.add_exact("/admin/actions", "admin", [this](RequestContext&, Reply reply) {
        offload_work(std::move(reply), [this] { return actions(); });
    });
    router.set_body_rules("/admin/actions", 0, gated);

    router.add_exact("/admin/metrics", "admin", [this](RequestContext&, Reply reply) {
        offload_work(std::move(reply), [this] {
            Response res = make_response(status::ok, parts_.metrics_text(),
                                         "text/plain; version=0.0.4; charset=utf-8");
            mark_uncacheable(res);
            return res;
        });
    });
    router.set_body_rules("/admin/metrics", 0, gated);

    for (std::string prefix : {std::string(kPreviews), std::string(kPreviews) + "/"}) {
        auto handler = [this](RequestContext& ctx, Reply reply) {
            std::string rest(ctx.path.substr(kPreviews.size())), query(ctx.query);
            offload_work(std::move(reply), [this, rest, query] { return previews(rest, query); });
        };
        if (prefix.back() == '/')
            router.add_prefix(prefix, "admin", handler);
        else
            router.add_exact(prefix, "admin", handler);
        router.set_body_rules(prefix, 0, gated);
    }

    router.add_prefix(std::string(kSeenBy), "admin_seen_by",
                      [this](RequestContext& ctx, Reply reply) { seen_by(ctx, std::move(reply)); });
    router.set_body_rules(std::string(kSeenBy), 0, gated);
}

Response ConsoleHandler::session(const Request& request) {
    auto method = request.method();
    if (method == verb::post) return sign_in(request);
    auto token = bearer_token(request);
    auto user = token ? sessions_.user(*token) : std::nullopt;
    if (method == verb::get || method == verb::head) {
        if (!user)
            return admin_json(status::unauthorized, {{"error", 401}, {"message", "not signed in"}});
        return admin_json(status::ok, {{"user", *user}});
    }
    if (method == verb::delete_) {
        if (token) sessions_.close(*token);
        return admin_no_content();
    }
    Response res =
        admin_json(status::method_not_allowed, {{"error", 405}, {"message", "method not allowed"}});
    res.set(field::allow, "GET, HEAD, POST, DELETE");
    return res;
}

Response ConsoleHandler::sign_in(const Request& request) {
    json body = json::parse(request.body(), nullptr, false);
    if (!body.is_object() || !body.contains("user") || !body["user"].is_string() ||
        !body.contains("password") || !body["password"].is_string())
        return admin_error(core::Error::bad_request(
            "the body must be JSON: {\"user\": \"…\", \"password\": \"…\"}"));
    std::string user = body["user"], password = body["password"];
    bool admin_user = !admin_.user.empty() && policy::constant_time_equal(user, admin_.user) &&
                      policy::constant_time_equal(password, admin_.password);
    if (!admin_user) {
        auto refused = core::Error::unauthorized("unknown user or wrong password");
        if (admin_.role.empty()) return admin_error(refused);
        auto roles = parts_.access.check_password(user, password);
        if (!roles) return admin_error(roles.error());
        if (std::find(roles->begin(), roles->end(), admin_.role) == roles->end())
            return admin_error(
                core::Error::forbidden("this user does not hold the role '" + admin_.role + "'"));
    }
    auto opened = sessions_.open(user, !admin_user);
    auto expires =
        std::chrono::duration_cast<std::chrono::seconds>(opened.expires.time_since_epoch()).count();
    return admin_json(
        status::created,
        {{"token", opened.token}, {"user", user}, {"expires", core::iso_utc(expires)}});
}

Response ConsoleHandler::actions() const {
    auto set = parts_.imaging.actions();
    json list = json::array();
    for (const auto& [name, action] : set->actions)
        list.push_back({{"name", name},
                        {"description", action.description},
                        {"roles", action.roles},
                        {"transform", action.transform},
                        {"commands", dialects::imaging::to_simplified(set->expanded(action), true)},
                        {"configured", action.configured}});
    return admin_json(status::ok, list);
}

Response ConsoleHandler::previews(std::string_view rest, std::string_view query) {
    auto params = known_params(query, {"context", "format"});
    if (!params) return admin_error(params.error());
    const std::string& context = (*params)["context"];
    if (rest.empty() || rest == "/") {
        auto keys = parts_.previews.keys(context);
        if (!keys) return admin_error(keys.error());
        return admin_json(status::ok,
                          {{"context", context}, {"count", keys->size()}, {"keys", *keys}});
    }
    rest.remove_prefix(1);
    bool image = rest.ends_with("/image");
    if (image) rest.remove_suffix(6);
    auto key = core::percent_decode(rest);
    if (!key) return admin_error(key.error());
    if (!image) {
        auto described = parts_.previews.describe(context, *key);
        return described ? admin_json(status::ok, *described) : admin_error(described.error());
    }
    const std::string& format_text = (*params)["format"];
    auto format = dialects::converter::parse_request_format(format_text.empty() ? "auto:200x150"
                                                                                : format_text);
    if (!format) return admin_error(format.error());
    auto found = parts_.previews.image(context, *key, *format);
    if (!found) return admin_error(found.error());
    Response res = make_response(status::ok, std::move(found->bytes), found->mime);
    mark_uncacheable(res);
    return res;
}

void ConsoleHandler::seen_by(RequestContext& ctx, Reply reply) {
    std::string_view rest = ctx.path.substr(kSeenBy.size());
    auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    // An answer for the admin, about someone else: never stored.
    Reply private_reply = [reply = std::move(reply)](Response&& res) {
        mark_uncacheable(res);
        reply(std::move(res));
    };
    auto as =
        [&](const std::vector<std::string>& staff_roles) -> core::Result<service::Credentials> {
        auto viewer = seen_by_viewer(segment, staff_roles);
        if (!viewer) return viewer.error();
        service::Credentials seen_as;
        seen_as.assumed = std::move(*viewer);
        return seen_as;
    };
    if (rest.starts_with("imaging/")) {
        auto route = dialects::imaging::parse_imaging_path(rest.substr(8));
        std::vector<std::string> roles; // staff: the asset's roles and the action's
        if (route) {
            roles = parts_.access.policy_for(route->identifier).asset().roles;
            auto set = parts_.imaging.actions();
            if (auto a = set->actions.find(route->action); a != set->actions.end())
                roles.insert(roles.end(), a->second.roles.begin(), a->second.roles.end());
        }
        auto creds = as(roles);
        if (!creds) return private_reply(admin_error(creds.error()));
        return parts_.imaging_as(ctx, std::move(route), std::move(private_reply),
                                 std::move(*creds));
    }
    if (!rest.starts_with("iiif/3/"))
        return private_reply(admin_error(core::Error::not_found(
            "expected /admin/seen-by/{viewer}/iiif/3/… or …/imaging/{action}/{id}")));
    auto path = iiif::split_iiif_path(rest.substr(7));
    if (!path) // answered in the IIIF error format, like the path's own
        return parts_.iiif_as({}, {}, std::move(path), ctx, std::move(private_reply), {});
    auto target = parts_.iiif.target(path->identifier);
    auto creds = as(parts_.access.policy_for(target.identifier).asset().roles);
    if (!creds) return private_reply(admin_error(creds.error()));
    std::string server_base = std::string(ctx.base_url);
    // The IIIF document keeps its public id, so it reads as the viewer would get it.
    std::string base = server_base + "/iiif/3/" + path->raw_identifier;
    parts_.iiif_as(std::move(server_base), std::move(base), std::move(path), ctx,
                   std::move(private_reply), std::move(*creds));
}

} // namespace pictor::api
