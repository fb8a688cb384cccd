#include "service/admin_service.h"
#include "core/text.h"

#include <algorithm>
#include <map>

#include <chrono>
#include <filesystem>

#include "core/clock.h"
#include "policy/password.h"
#include "service/policy_check.h"
#include "service/upload_check.h"

namespace pictor::service {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

// Role names: printable, no spaces (sessions store them space separated); URIs are fine.
Result<void> check_name(const std::string& what, const std::string& name) {
    if (name.empty() || name.size() > 512)
        return Error::bad_request(what + " name is empty or too long");
    for (unsigned char c : name)
        if (c <= 0x20 || c == 0x7f)
            return Error::bad_request(what + " name has a space or control character");
    return {};
}

Result<int> width_field(const json& body, const char* key, int current) {
    if (!body.contains(key)) return current;
    const json& v = body[key];
    if (!v.is_number_integer()) return Error::bad_request(std::string(key) + " must be an integer");
    auto n = v.get<std::int64_t>();
    if (n < 0) return Error::bad_request(std::string(key) + " must not be negative");
    if (n > 1'000'000) return Error::bad_request(std::string(key) + " is too large");
    return static_cast<int>(n);
}

Result<std::vector<std::string>> roles_field(const json& body, std::vector<std::string> current) {
    if (!body.contains("roles")) return current;
    const json& v = body["roles"];
    if (!v.is_array()) return Error::bad_request("roles must be an array of role names");
    std::vector<std::string> out;
    for (const auto& r : v) {
        if (!r.is_string()) return Error::bad_request("roles must be an array of role names");
        out.push_back(r.get<std::string>());
    }
    return out;
}

} // namespace

AdminService::AdminService(const config::LimitsConfig& limits, const config::AuthConfig& auth,
                           RenditionService& renditions, AccessService& access,
                           sources::SourceWriter& writer, ThumbnailPrerenderer* prerenderer,
                           sources::OriginRegistry& origins, const sources::RemoteMounts& remote)
    : platform_(limits.max_width), kdf_cost_(auth.kdf_cost), renditions_(renditions),
      access_(access), catalog_(access.catalog()), writer_(writer), prerenderer_(prerenderer),
      origins_(origins), remote_(remote) {}

json AdminService::to_json(const state::AssetRecord& a) {
    return {{"id", a.id},
            {"roles", a.roles},
            {"maxWidth", a.max_width},
            {"openFullMax", a.open_full_max},
            {"openMaxWidth", a.open_max_width},
            {"title", a.title},
            {"width", a.width},
            {"height", a.height},
            {"format", a.format},
            {"contentHash", a.content_hash},
            {"updated", a.updated_s},
            {"origin", a.origin.empty() ? json(nullptr) : json(a.origin)}};
}

Result<state::AssetRecord> AdminService::record_for(const std::string& id) {
    auto source = renditions_.images().open(id);
    if (!source) return source.error();
    auto row = catalog_.asset(id);
    if (!row) return row.error();
    state::AssetRecord a = *row ? **row : state::AssetRecord{};
    a.id = id;
    a.width = source->info.size.width;
    a.height = source->info.size.height;
    a.format = std::string(core::extension(source->info.format));
    a.content_hash = source->content_hash;
    return a;
}

Result<json> AdminService::find_assets(const AssetQuery& query) {
    auto rows = catalog_.assets();
    if (!rows) return rows.error();
    std::map<std::string, const state::AssetRecord*> catalogued;
    for (const auto& a : *rows)
        catalogued[a.id] = &a;
    std::vector<std::string> ids;
    for (const auto& a : *rows)
        ids.push_back(a.id);
    bool complete = true;
    if (query.files) {
        auto listing = renditions_.images().store().local_identifiers(200000);
        complete = listing.complete;
        for (auto& id : listing.identifiers)
            if (!catalogued.count(id)) ids.push_back(std::move(id));
        std::sort(ids.begin(), ids.end());
    }
    auto matches = [&](const std::string& id) {
        if (query.q.empty() || core::to_lower(id).find(query.q) != std::string::npos) return true;
        auto row = catalogued.find(id);
        return row != catalogued.end() &&
               core::to_lower(row->second->title).find(query.q) != std::string::npos;
    };
    json shown = json::array();
    std::size_t total = 0;
    for (const auto& id : ids) {
        if (!matches(id)) continue;
        if (total++ < query.offset || shown.size() >= query.limit) continue;
        if (auto row = catalogued.find(id); row != catalogued.end()) {
            shown.push_back(to_json(*row->second));
            continue;
        }
        // A file without a row: its header is read for the size, only for the page shown. A
        // file that does not read is listed with why, so it can be replaced or deleted.
        auto a = record_for(id);
        json item = to_json(a ? *a : state::AssetRecord{id});
        if (!a) item["error"] = a.error().message;
        shown.push_back(std::move(item));
    }
    return json{{"assets", std::move(shown)}, {"total", total}, {"complete", complete}};
}

Result<json> AdminService::asset(const std::string& id) {
    auto row = catalog_.asset(id);
    if (!row) return row.error();
    if (*row) return to_json(**row);
    // A file without a row is open and unrestricted: show it as such.
    auto a = record_for(id);
    if (!a) return a.error();
    return to_json(*a);
}

Result<json> AdminService::upload(const std::string& id, std::string_view bytes, bool& created) {
    auto format = core::sniff_upload_format(bytes.substr(0, 64));
    if (!format)
        return Error::unsupported_media(
            "uploads must be JPEG, PNG, WebP, GIF, TIFF or HEIF/AVIF images");
    std::lock_guard lock(uploads_mutex_);
    created = !renditions_.images().store().resolve(id);
    auto check = [&](const std::filesystem::path& written) -> Result<void> {
        auto info = check_upload(renditions_.images().engine(), written,
                                 renditions_.images().limits().max_decoded_pixels());
        if (!info) return info.error();
        return {};
    };
    if (auto r = writer_.replace(id, bytes, check); !r) return r.error();
    auto a = record_for(id);
    if (!a) return a.error();
    a->updated_s = core::unix_now_s();
    if (auto r = catalog_.put_asset(*a); !r) return r.error();
    if (auto r = access_.reload(); !r) return r.error();
    if (prerenderer_) prerenderer_->enqueue(id);
    // A large upload gets its pyramid side-car now rather than on its first view.
    if (auto source = renditions_.images().open(id)) renditions_.images().request_pyramid(*source);
    return to_json(*a);
}

Result<json> AdminService::set_policy(const std::string& id, const json& body) {
    if (!body.is_object()) return Error::bad_request("the policy must be a JSON object");
    for (const auto& [key, value] : body.items())
        if (key != "roles" && key != "maxWidth" && key != "openFullMax" && key != "openMaxWidth" &&
            key != "title")
            return Error::bad_request("unknown field '" + key + "'");
    auto a = record_for(id);
    if (!a) return a.error();
    auto roles = roles_field(body, a->roles);
    if (!roles) return roles.error();
    auto max_width = width_field(body, "maxWidth", a->max_width);
    if (!max_width) return max_width.error();
    auto open_full = width_field(body, "openFullMax", a->open_full_max);
    if (!open_full) return open_full.error();
    auto open_max = width_field(body, "openMaxWidth", a->open_max_width);
    if (!open_max) return open_max.error();
    if (body.contains("title")) {
        if (!body["title"].is_string()) return Error::bad_request("title must be a string");
        a->title = body["title"].get<std::string>();
    }
    policy::AssetPolicy p{*roles, *max_width, *open_full, *open_max};
    if (auto r = policy::validate(p, platform_); !r) return r.error();
    a->roles = *roles;
    a->max_width = *max_width;
    a->open_full_max = *open_full;
    a->open_max_width = *open_max;
    a->updated_s = core::unix_now_s();
    if (auto r = catalog_.put_asset(*a); !r) return r.error(); // unknown role: 400
    if (auto r = access_.reload(); !r) return r.error();
    if (prerenderer_) prerenderer_->enqueue(id);
    return to_json(*a);
}

Result<json> AdminService::set_origin(const std::string& id, const json& body) {
    if (!body.is_object() || !body.contains("origin") || body.size() != 1 ||
        !(body["origin"].is_string() || body["origin"].is_null()))
        return Error::bad_request(
            "the body is {\"origin\": \"https://…\" or \"s3://bucket/key\"}, or null");
    if (auto r = sources::check_identifier(id); !r) return r.error();
    std::string origin = body["origin"].is_null() ? "" : body["origin"].get<std::string>();
    if (!origin.empty())
        if (auto r = remote_.check_origin(origin); !r) return r.error();
    std::lock_guard lock(uploads_mutex_);
    std::string previous = origins_.find(id).value_or("");
    origins_.set(id, origin);
    auto a = record_for(id); // fetched now: the origin must answer with an image pictor reads
    if (!a) {
        origins_.set(id, previous);
        return a.error();
    }
    a->origin = origin;
    a->updated_s = core::unix_now_s();
    if (auto r = catalog_.put_asset(*a); !r) {
        origins_.set(id, previous);
        return r.error();
    }
    if (auto r = access_.reload(); !r) return r.error();
    if (prerenderer_) prerenderer_->enqueue(id);
    return to_json(*a);
}

Result<void> AdminService::delete_asset(const std::string& id) {
    std::lock_guard lock(uploads_mutex_);
    auto removed_file = writer_.remove(id);
    if (!removed_file) return removed_file.error();
    auto removed_row = catalog_.delete_asset(id);
    if (!removed_row) return removed_row.error();
    if (!*removed_file && !*removed_row) return Error::not_found("no asset '" + id + "'");
    origins_.set(id, "");
    return access_.reload();
}

Result<json> AdminService::roles() {
    auto r = catalog_.roles();
    if (!r) return r.error();
    return json{{"roles", *r}};
}

Result<void> AdminService::add_role(const std::string& name) {
    if (auto r = check_name("role", name); !r) return r;
    return catalog_.add_role(name);
}

Result<void> AdminService::delete_role(const std::string& name) {
    auto r = catalog_.delete_role(name);
    if (!r) return r.error();
    if (!*r) return Error::not_found("no role '" + name + "'");
    return access_.reload();
}

Result<json> AdminService::users() {
    auto r = catalog_.users();
    if (!r) return r.error();
    json list = json::array();
    for (const auto& u : *r)
        list.push_back({{"name", u.name}, {"roles", u.roles}, {"created", u.created_s}});
    return json{{"users", std::move(list)}};
}

Result<json> AdminService::put_user(const std::string& name, const json& body) {
    if (auto r = check_name("user", name); !r) return r.error();
    if (!body.is_object()) return Error::bad_request("the user must be a JSON object");
    for (const auto& [key, value] : body.items())
        if (key != "password" && key != "roles")
            return Error::bad_request("unknown field '" + key + "'");
    auto existing = catalog_.user(name);
    if (!existing) return existing.error();
    if (body.contains("password")) {
        if (!body["password"].is_string() || body["password"].get<std::string>().size() < 8)
            return Error::bad_request("password must be a string of at least 8 characters");
        auto hash = policy::hash_password(body["password"].get<std::string>(), kdf_cost_);
        if (auto r = catalog_.put_user(name, hash, core::unix_now_s()); !r) return r.error();
    } else if (!*existing) {
        return Error::bad_request("a new user needs a password");
    }
    auto roles = roles_field(body, *existing ? (*existing)->roles : std::vector<std::string>{});
    if (!roles) return roles.error();
    if (auto r = catalog_.set_user_roles(name, *roles); !r) return r.error();
    return json{{"name", name}, {"roles", *roles}};
}

Result<void> AdminService::delete_user(const std::string& name) {
    auto r = catalog_.delete_user(name);
    if (!r) return r.error();
    if (!*r) return Error::not_found("no user '" + name + "'");
    return {};
}

Result<json> AdminService::purge_cache() {
    auto* cache = renditions_.cache();
    if (!cache) return json{{"purged", false}};
    cache->purge();
    return json{{"purged", true}};
}

} // namespace pictor::service
