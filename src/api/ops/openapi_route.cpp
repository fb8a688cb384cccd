#include "api/ops/openapi_route.h"

#include <regex>

#include <nlohmann/json.hpp>

#include "api/ops/openapi_document.h"
#include "http/response_builders.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary
namespace {

// "/iiif/3/{identifier}/info.json" -> "/iiif/3/p/info.json": a concrete path the router matches
// the way it would match a client's request.
std::string concrete(const std::string& templated) {
    static const std::regex parameter(R"(\{[^}]*\})");
    return std::regex_replace(templated, parameter, "p");
}

bool answered(const Router& router, const Router* ops_router, const std::string& path) {
    std::string p = concrete(path);
    if (p == "/openapi.json") return true;
    const Router::Route* here = router.match(p);
    if (here && !here->prefix) return true;
    // A page moved to ops.listen (/imageconverter/status) is not answered under its dialect's
    // prefix here.
    const Router::Route* there = ops_router ? ops_router->match(p) : nullptr;
    if (there && !there->prefix) return false;
    return here != nullptr;
}

std::string document_for(const Router& router, const Router* ops_router) {
    auto doc = nlohmann::json::parse(openapi_document());
    auto& paths = doc["paths"];
    for (auto it = paths.begin(); it != paths.end();)
        it = answered(router, ops_router, it.key()) ? std::next(it) : paths.erase(it);
    return doc.dump(2) + "\n";
}

} // namespace

void register_openapi_route(Router& router, const Router* ops_router) {
    std::string body = document_for(router, ops_router);
    router.add_exact("/openapi.json", "openapi", [body](RequestContext&, Reply reply) {
        reply(make_response(beast_http::status::ok, body, "application/json"));
    });
}

} // namespace pictor::api
