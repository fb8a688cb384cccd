#include "api/pages/landing_page.h"

#include "core/build_info.h"
#include "engine/engine.h"
#include "http/html_escape.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary
namespace {

// One line per dialect this server offers (expose.*).
std::string ways_in(const LandingFacts& facts, const std::string& at) {
    const auto& on = facts.expose;
    std::string out;
    if (on.iiif)
        out += "<li>IIIF Image API 3.0: <code>/iiif/3/{identifier}/info.json</code></li>\n"
               "<li>IIIF Image API 2.1: <code>/iiif/2/{identifier}/info.json</code></li>\n"
               "<li>IIIF Presentation 3: <code>/iiif/presentation/3/{identifier}/manifest</code> "
               "(an image, or a folder's images), <a href=\"" +
               at + "/iiif/presentation/3/collection\">the collection of every folder</a></li>\n";
    if (on.dlcs)
        out += "<li>DLCS delivery: <code>/iiif-img/{customer}/{space}/{image}/info.json</code>, "
               "<code>/thumbs/{customer}/{space}/{image}/info.json</code></li>\n";
    if (on.display) out += "<li>Display: <code>/api/display/{id}?size=300</code></li>\n";
    if (on.files)
        out += "<li>Files and thumbnails: <code>/v1/file/{id}</code>, "
               "<code>/v1/file/{id}/thumbnails</code></li>\n";
    if (on.converter)
        out += "<li>Converter (Open-Xchange ImageConverter): "
               "<code>/imageconverter/getImage/{key}/{format}</code></li>\n";
    if (on.imaging)
        out += "<li>Imaging actions: <code>/app/api/json/imaging/{action}/{id}</code></li>\n";
    if (facts.ui)
        out += "<li>Viewer (deep zoom, IIIF Auth 2.0 login): <code>/viewer/{identifier}</code>, "
               "a manifest: <code>/viewer?manifest={URL}</code>\n<form action=\"" +
               at +
               "/viewer\" method=\"get\"><label for=\"viewer-id\">Open an image</label> "
               "<input id=\"viewer-id\" name=\"id\" placeholder=\"photo.jpg\" required> "
               "<button type=\"submit\">View</button></form></li>\n";
    return out;
}

std::string page(const LandingFacts& facts) {
    const auto& b = core::build_info();
    std::string libraries;
    for (const auto& [name, version] : engine::library_versions())
        libraries += (libraries.empty() ? "" : ", ") + html_escape(name + " " + version);
    const std::string at = html_escape(facts.prefix); // every link is below the prefix
    auto link = [&](const char* href, const char* text) {
        return "<li><a href=\"" + at + href + "\">" + text + "</a></li>\n";
    };
    std::string ops = link("/openapi.json", "OpenAPI document (every endpoint)") +
                      link("/healthz", "Health (liveness)") +
                      link("/readyz", "Readiness (state database, cache, sources)");
    if (facts.metrics_here) ops += link("/metrics", "Prometheus metrics");
    if (facts.ui && facts.admin_api)
        ops = link("/admin/ui/", "Admin console (assets, access rules, users, cache)") + ops;
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>pictor image server</title>\n<style>\n"
           "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 "
           "1rem;line-height:1.5;color:#1a1a1a;background:#fff}\n"
           "a{color:#0b57d0}code{background:#f2f2f2;padding:0 .2rem;word-break:break-all}\n"
           "</style>\n</head>\n<body>\n<main>\n<h1>pictor</h1>\n"
           "<p>An image server: the IIIF Image API 3.0 and 2.1 with IIIF Authorization Flow "
           "2.0 and Authentication 1.0, generated IIIF Presentation 3 manifests, and the display, "
           "file, converter and imaging-action dialects, over one "
           "store of images, one access policy and one derivative cache.</p>\n"
           "<h2>This server</h2>\n<p>pictor " +
           html_escape(b.version) + " (commit " + html_escape(b.commit) + ", " +
           html_escape(b.build_type) + "), with " + libraries + ".</p>\n<h2>Ways in</h2>\n<ul>\n" +
           ways_in(facts, at) + "<li>Admin API: <code>/admin/assets</code> (" +
           (facts.admin_api ? "on, with the admin credentials"
                            : "off: set admin.user and "
                              "admin.password") +
           ")</li>\n</ul>\n<h2>For operators</h2>\n<ul>\n" + ops +
           "</ul>\n</main>\n</body>\n</html>\n";
}

} // namespace

void register_landing_page(Router& router, const LandingFacts& facts) {
    std::string html = page(facts);
    router.add_exact("/", "landing", [html](RequestContext&, Reply reply) {
        Response res = make_response(beast_http::status::ok, html, "text/html; charset=utf-8");
        res.set(beast_http::field::cache_control, "no-cache"); // says the running version
        reply(std::move(res));
    });
}

} // namespace pictor::api
