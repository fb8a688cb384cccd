#include "api/admin/admin_handler.h"
#include "http/error_log.h"

#include <spdlog/spdlog.h>

#include "core/percent.h"
#include "core/text.h"
#include "dialects/common/query_params.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
using beast_http::verb;
using nlohmann::json;

namespace {

constexpr std::string_view kPrefix = "/admin/";

Response not_allowed(const char* allow) {
    Response res =
        admin_json(status::method_not_allowed, {{"error", 405}, {"message", "method not allowed"}});
    res.set(field::allow, allow);
    return res;
}

Response from(const core::Result<json>& r, status ok = status::ok) {
    return r ? admin_json(ok, *r) : admin_error(r.error());
}

Response from(const core::Result<void>& r) {
    return r ? admin_no_content() : admin_error(r.error());
}

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

// ?q= (a part of the identifier or title, any case), ?offset=, ?limit= and ?files=true (image
// files without a policy too) of the asset list.
core::Result<service::AdminService::AssetQuery> asset_query(std::string_view query) {
    auto params = dialects::parse_query(query);
    if (!params) return params.error();
    service::AdminService::AssetQuery page;
    for (const auto& [name, value] : *params) {
        if (name == "q") {
            page.q = core::to_lower(value);
            continue;
        }
        if (name == "files") {
            if (value != "true" && value != "false")
                return core::Error::bad_request("files must be true or false");
            page.files = value == "true";
            continue;
        }
        if (name != "offset" && name != "limit")
            return core::Error::bad_request("unknown parameter '" + name + "'");
        auto n = core::parse_count(value);
        if (!n || (name == "limit" && (*n < 1 || *n > 1000)))
            return core::Error::bad_request(name + " must be a number (limit: 1 to 1000)");
        (name == "offset" ? page.offset : page.limit) = static_cast<std::size_t>(*n);
    }
    return page;
}

} // namespace

AdminHandler::AdminHandler(service::AdminService& service, CpuPool& pool,
                           const config::AdminConfig& admin, const config::RuntimeLimits& limits,
                           const AdminGate& gate, ConsoleSessions& sessions)
    : service_(service), pool_(pool), gate_(gate), sessions_(sessions), admin_role_(admin.role),
      upload_bytes_(admin.upload_bytes), limits_(limits) {}

void AdminHandler::register_routes(Router& router) {
    router.add_prefix(
        std::string(kPrefix), "admin",
        [this](RequestContext& ctx, Reply reply) {
            const Request* request = &ctx.request; // alive until the reply is sent
            std::string path(ctx.path.substr(kPrefix.size())), query(ctx.query);
            // The wait for a worker is bounded; an upload's own transfer time is not counted.
            offload(
                pool_, Clock::now() + limits_.deadline(), std::move(reply),
                [this, request, path, query] { return handle(*request, path, query); },
                [](const core::Error& e) { return admin_error(e); }, nullptr, Lane::Upload);
        },
        Methods::Any);
    router.set_body_rules(
        std::string(kPrefix), upload_bytes_,
        [this](const Request& request) { return gate_.refusal(request); }, admin_error);
}

Response AdminHandler::handle(const Request& request, std::string_view path,
                              std::string_view query) {
    if (path == "assets" || path.starts_with("assets/"))
        return assets(request, path.substr(std::min<std::size_t>(path.size(), 7)), query);
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

Response AdminHandler::assets(const Request& request, std::string_view rest,
                              std::string_view query) {
    auto method = request.method();
    if (rest.empty()) {
        if (method != verb::get && method != verb::head) return not_allowed("GET, HEAD");
        auto page = asset_query(query);
        if (!page) return admin_error(page.error());
        return from(service_.find_assets(*page));
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
    if (method == verb::delete_) {
        auto deleted = service_.delete_role(name->first);
        if (deleted && name->first == admin_role_) sessions_.close_role_users();
        return from(deleted);
    }
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
        auto changed = service_.put_user(name->first, *body);
        // A new password or new roles: console sign-ins made with the old ones end.
        if (changed) sessions_.close_user(name->first);
        return from(changed);
    }
    if (method == verb::delete_) {
        auto deleted = service_.delete_user(name->first);
        if (deleted) sessions_.close_user(name->first);
        return from(deleted);
    }
    return not_allowed("PUT, DELETE");
}

} // namespace pictor::api
