#include "http/admin_handler.h"

#include <spdlog/spdlog.h>

#include "core/percent.h"
#include "http/basic_auth.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;
using beast_http::verb;
using nlohmann::json;

namespace {

constexpr std::string_view kPrefix = "/admin/";

Response json_answer(status s, const json& body) {
    return uncacheable_response(s, body.dump(2) + "\n", "application/json");
}

Response no_content() {
    Response res{status::no_content, 11};
    mark_uncacheable(res);
    res.prepare_payload();
    return res;
}

Response unauthorized() {
    Response res = json_answer(status::unauthorized,
                               {{"error", 401}, {"message", "admin credentials required"}});
    res.set(field::www_authenticate, "Basic realm=\"pictor admin\", charset=\"UTF-8\"");
    return res;
}

Response not_allowed(const char* allow) {
    Response res = json_answer(status::method_not_allowed,
                               {{"error", 405}, {"message", "method not allowed"}});
    res.set(field::allow, allow);
    return res;
}

Response from(const core::Result<json>& r, status ok = status::ok) {
    return r ? json_answer(ok, *r) : admin_error(r.error());
}

Response from(const core::Result<void>& r) { return r ? no_content() : admin_error(r.error()); }

core::Result<json> parse_body(const Request& request) {
    json body = json::parse(request.body(), nullptr, false);
    if (body.is_discarded()) return core::Error::bad_request("the body is not valid JSON");
    return body;
}

// "name" or "name/suffix" -> decoded name and suffix ("" when none).
core::Result<std::pair<std::string, std::string>>
split_name(std::string_view rest, std::initializer_list<std::string_view> suffixes) {
    std::string suffix;
    for (auto s : suffixes)
        if (rest.size() > s.size() + 1 && rest.ends_with(s) &&
            rest[rest.size() - s.size() - 1] == '/') {
            suffix = std::string(s);
            rest.remove_suffix(s.size() + 1);
            break;
        }
    auto name = core::percent_decode(rest);
    if (!name) return name.error();
    if (name->empty()) return core::Error::not_found("no name given");
    return std::pair{std::move(*name), std::move(suffix)};
}

} // namespace

Response admin_error(const core::Error& error) {
    if (!error.detail.empty()) spdlog::warn("admin: {}: {}", error.message, error.detail);
    auto s = error.code == core::ErrorCode::TooLarge ? status::payload_too_large
                                                     : status_for(error.code);
    return json_answer(s, {{"error", static_cast<int>(s)}, {"message", error.message}});
}

AdminHandler::AdminHandler(service::AdminService& service, CpuPool& pool,
                           const config::Config& config)
    : service_(service), pool_(pool), admin_(config.admin),
      deadline_ms_(config.limits.deadline_ms) {}

void AdminHandler::register_routes(Router& router) {
    router.add_prefix(
        std::string(kPrefix), "admin",
        [this](RequestContext& ctx, Reply reply) {
            const Request* request = &ctx.request; // alive until the reply is sent
            std::string path(ctx.path.substr(kPrefix.size()));
            // The wait for a worker is bounded; an upload's own transfer time is not counted.
            offload(
                pool_, Clock::now() + std::chrono::milliseconds(deadline_ms_), std::move(reply),
                [this, request, path] { return handle(*request, path); },
                [](const core::Error& e) { return admin_error(e); }, nullptr, Lane::Upload);
        },
        Methods::Any);
    router.set_body_rules(std::string(kPrefix), admin_.upload_bytes,
                          [this](const Request& request) -> std::optional<Response> {
                              if (!basic_auth_matches(request, admin_.user, admin_.password))
                                  return unauthorized();
                              return std::nullopt;
                          });
}

Response AdminHandler::handle(const Request& request, std::string_view path) {
    if (path == "assets" || path.starts_with("assets/"))
        return assets(request, path.substr(std::min<std::size_t>(path.size(), 7)));
    if (path == "roles" || path.starts_with("roles/"))
        return roles(request, path.substr(std::min<std::size_t>(path.size(), 6)));
    if (path == "users" || path.starts_with("users/"))
        return users(request, path.substr(std::min<std::size_t>(path.size(), 6)));
    if (path == "cache/purge") {
        if (request.method() != verb::post) return not_allowed("POST");
        return from(service_.purge_cache());
    }
    return admin_error(core::Error::not_found("no such admin resource"));
}

Response AdminHandler::assets(const Request& request, std::string_view rest) {
    auto method = request.method();
    if (rest.empty()) {
        if (method != verb::get && method != verb::head) return not_allowed("GET, HEAD");
        return from(service_.assets());
    }
    auto name = split_name(rest, {"source", "policy", "origin"});
    if (!name) return admin_error(name.error());
    const auto& [id, suffix] = *name;
    if (suffix == "source") {
        if (method != verb::put) return not_allowed("PUT");
        bool created = false;
        auto r = service_.upload(id, request.body(), created);
        return from(r, created ? status::created : status::ok);
    }
    if (suffix == "origin") {
        if (method != verb::put) return not_allowed("PUT");
        auto body = parse_body(request);
        if (!body) return admin_error(body.error());
        return from(service_.set_origin(id, *body));
    }
    if (suffix == "policy") {
        if (method != verb::put) return not_allowed("PUT");
        auto body = parse_body(request);
        if (!body) return admin_error(body.error());
        return from(service_.set_policy(id, *body));
    }
    if (method == verb::get || method == verb::head) return from(service_.asset(id));
    if (method == verb::delete_) return from(service_.delete_asset(id));
    return not_allowed("GET, HEAD, DELETE");
}

Response AdminHandler::roles(const Request& request, std::string_view rest) {
    auto method = request.method();
    if (rest.empty()) {
        if (method != verb::get && method != verb::head) return not_allowed("GET, HEAD");
        return from(service_.roles());
    }
    auto name = split_name(rest, {});
    if (!name) return admin_error(name.error());
    if (method == verb::put) return from(service_.add_role(name->first));
    if (method == verb::delete_) return from(service_.delete_role(name->first));
    return not_allowed("PUT, DELETE");
}

Response AdminHandler::users(const Request& request, std::string_view rest) {
    auto method = request.method();
    if (rest.empty()) {
        if (method != verb::get && method != verb::head) return not_allowed("GET, HEAD");
        return from(service_.users());
    }
    auto name = split_name(rest, {});
    if (!name) return admin_error(name.error());
    if (method == verb::put) {
        auto body = parse_body(request);
        if (!body) return admin_error(body.error());
        return from(service_.put_user(name->first, *body));
    }
    if (method == verb::delete_) return from(service_.delete_user(name->first));
    return not_allowed("PUT, DELETE");
}

} // namespace pictor::http
