#include "api/pages/ui_handler.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/digest.h"
#include "core/percent.h"
#include "dialects/common/query_params.h"
#include "http/conditional.h"
#include "http/html_escape.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

using beast_http::field;
using beast_http::status;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFiles = 200;
constexpr std::uintmax_t kMaxFileBytes = 8 * 1024 * 1024;

// Self only: no inline script, no other host. Images may be blobs (the console's pictures
// are fetched with its token, then shown). Inline styles are allowed: OpenSeadragon positions
// its canvas and navigator with them.
constexpr const char* kPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'";

std::string content_type_of(const fs::path& p) {
    auto ext = p.extension().string();
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".png") return "image/png";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".map" || ext == ".json") return "application/json";
    return "application/octet-stream";
}

Response page_response(std::string html, bool frameable) {
    Response res = make_response(status::ok, std::move(html), "text/html; charset=utf-8");
    res.set(field::cache_control, "no-cache");
    res.set("Content-Security-Policy",
            std::string(kPolicy) + (frameable ? "" : "; frame-ancestors 'none'"));
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "same-origin");
    if (!frameable) res.set("X-Frame-Options", "DENY");
    return res;
}

Response not_installed(std::string_view what) {
    return text_error(status::not_found,
                      std::string(what) +
                          " is not installed: build the front-end (make web) and set ui.dir");
}

// The path below the host of a base URL: "https://a.example/images" -> "/images", else "".
std::string path_prefix(std::string_view base_url) {
    auto scheme_end = base_url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    auto slash = base_url.find('/', scheme_end + 3);
    return slash == std::string_view::npos ? std::string() : std::string(base_url.substr(slash));
}

// The page with each {{NAME}} replaced by its value, in one pass (a value is never re-read).
std::string fill(std::string_view page, const std::map<std::string, std::string>& values) {
    std::string out;
    for (std::size_t at = 0;;) {
        auto open = page.find("{{", at);
        auto close = open == std::string_view::npos ? open : page.find("}}", open + 2);
        if (close == std::string_view::npos) return out.append(page.substr(at));
        out.append(page.substr(at, open - at));
        auto value = values.find(std::string(page.substr(open + 2, close - open - 2)));
        out.append(value != values.end() ? value->second : page.substr(open, close + 2 - open));
        at = close + 2;
    }
}

} // namespace

std::string ui_folder(const std::string& configured) {
    if (!configured.empty()) return configured;
    // The package puts the binary in <prefix>/bin and the build in <prefix>/share/pictor/ui,
    // whatever the prefix (and wherever the package's files were unpacked).
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return (exe.parent_path().parent_path() / "share/pictor/ui").string();
}

UiHandler::UiHandler(const std::string& dir) : dir_(dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) {
        spdlog::warn("ui: no front-end build in '{}': /viewer/ and /admin/ui/ answer 404", dir);
        return;
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->file_size(ec) > kMaxFileBytes) continue;
        if (files_.size() >= kMaxFiles) break;
        std::ifstream in(it->path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        std::string name = fs::relative(it->path(), dir, ec).generic_string();
        if (ec || name.empty()) continue;
        std::string body = bytes.str();
        std::string etag = "\"" + core::sha256_hex(body).substr(0, 32) + "\"";
        files_[name] = {std::move(body), content_type_of(it->path()), std::move(etag)};
    }
    if (!file("viewer.html") || !file("admin.html")) {
        spdlog::warn("ui: '{}' holds no viewer.html and admin.html: not a front-end build", dir);
        files_.clear();
    }
}

const UiFile* UiHandler::file(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
}

void UiHandler::register_routes(Router& router, bool console) {
    router.add_prefix("/ui/", "ui", [this](RequestContext& ctx, Reply reply) {
        // Names are looked up in the map read at start-up: nothing here touches the disk.
        const UiFile* f = file(std::string(ctx.path.substr(4)));
        if (!f) return reply(text_error(status::not_found, "no such file"));
        if (auto inm = ctx.request.find(field::if_none_match);
            inm != ctx.request.end() && etag_list_matches(inm->value(), f->etag, true)) {
            Response res{status::not_modified, 11};
            res.set(field::etag, f->etag);
            return reply(std::move(res));
        }
        Response res = make_response(status::ok, f->body, f->content_type);
        res.set(field::etag, f->etag);
        res.set(field::cache_control, "public, no-cache"); // revalidated: names carry no hash
        res.set("X-Content-Type-Options", "nosniff");
        reply(std::move(res));
    });

    // The landing page's form: /viewer?id=photo.jpg -> /viewer/photo.jpg; /viewer?manifest=URL
    // opens a IIIF Presentation manifest (fetched by the browser, never by pictor).
    router.add_exact("/viewer", "viewer", [this](RequestContext& ctx, Reply reply) {
        const UiFile* shell = file("viewer.html");
        if (!shell) return reply(not_installed("the viewer"));
        auto params = dialects::parse_query(ctx.query);
        std::string id, manifest;
        if (params)
            for (const auto& [name, value] : *params) {
                if (name == "id") id = value;
                if (name == "manifest") manifest = value;
            }
        if (!manifest.empty()) {
            if (!manifest.starts_with("/") && !manifest.starts_with("https://") &&
                !manifest.starts_with("http://"))
                return reply(
                    text_error(status::bad_request,
                               "manifest must be an http(s) URL or a path on this server"));
            return reply(
                page_response(fill(shell->body, {{"INFO_URL", ""},
                                                 {"MANIFEST_URL", html_escape(manifest)},
                                                 {"PREFIX", html_escape(path_prefix(ctx.base_url))},
                                                 {"ID", "Manifest"}}),
                              true));
        }
        if (id.empty())
            return reply(
                text_error(status::bad_request,
                           "give an image identifier (?id=…) or a manifest (?manifest=…)"));
        Response res{status::see_other, 11};
        res.set(field::location, std::string(ctx.base_url) + "/viewer/" + core::percent_encode(id));
        res.prepare_payload();
        reply(std::move(res));
    });

    router.add_prefix("/viewer/", "viewer", [this](RequestContext& ctx, Reply reply) {
        const UiFile* shell = file("viewer.html");
        if (!shell) return reply(not_installed("the viewer"));
        std::string_view raw = ctx.path.substr(8);
        auto id = core::percent_decode(raw);
        if (raw.empty() || !id || id->empty())
            return reply(text_error(status::not_found, "give an image identifier: /viewer/{id}"));
        // One identifier, one IIIF URL: /viewer/a/b.jpg and /viewer/a%2Fb.jpg both open
        // /iiif/3/a%2Fb.jpg (a slash inside an IIIF identifier is always encoded).
        reply(page_response(
            fill(shell->body, {{"INFO_URL", html_escape(path_prefix(ctx.base_url) + "/iiif/3/" +
                                                        core::percent_encode(*id) + "/info.json")},
                               {"MANIFEST_URL", ""},
                               {"PREFIX", html_escape(path_prefix(ctx.base_url))},
                               {"ID", html_escape(*id)}}),
            true));
    });

    if (!console) return;
    router.add_exact("/admin/ui", "admin_ui", [](RequestContext& ctx, Reply reply) {
        Response res{status::moved_permanently, 11};
        res.set(field::location, std::string(ctx.base_url) + "/admin/ui/");
        res.prepare_payload();
        reply(std::move(res));
    });
    router.add_exact("/admin/ui/", "admin_ui", [this](RequestContext& ctx, Reply reply) {
        const UiFile* shell = file("admin.html");
        if (!shell) return reply(not_installed("the admin console"));
        reply(page_response(fill(shell->body, {{"PREFIX", html_escape(path_prefix(ctx.base_url))}}),
                            false));
    });
}

} // namespace pictor::api
