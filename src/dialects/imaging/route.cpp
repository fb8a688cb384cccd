#include "dialects/imaging/route.h"

#include <map>

#include "core/percent.h"

namespace pictor::dialects::imaging {

using core::Error;
using core::Subject;

namespace {

Error bad_id(std::string message) {
    return Error::not_found(std::move(message)).about(Subject::Source);
}

} // namespace

core::Result<ImagingRoute> parse_imaging_path(std::string_view rest) {
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return bad_id("no resource id was given");
    auto action = core::percent_decode(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    auto next = rest.find('/');
    auto id = core::percent_decode(rest.substr(0, next));
    auto transform = core::percent_decode_lenient(
        next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1));
    if (!action || !id) return bad_id("malformed id");
    if (!transform) return Error::bad_request("malformed percent-encoding");
    if (id->empty()) return bad_id("no resource id was given");
    return ImagingRoute{std::move(*action), std::move(*id), std::move(*transform)};
}

core::Result<ImagingRoute> parse_legacy_query(std::string_view query) {
    std::map<std::string, std::string> params;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto name = core::percent_decode(pair.substr(0, eq));
        auto value = core::percent_decode_lenient(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) return Error::bad_request("malformed percent-encoding");
        if (!params.emplace(*name, *value).second)
            return Error::bad_request("parameter '" + *name + "' is repeated");
    }
    ImagingRoute route{params["action"], params["id"], params["transform"]};
    if (route.action.empty()) return Error::not_found("no action was given").about(Subject::Action);
    if (route.identifier.empty()) return bad_id("no resource id was given");
    return route;
}

} // namespace pictor::dialects::imaging
