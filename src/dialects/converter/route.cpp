#include "dialects/converter/route.h"

#include <map>

#include "core/percent.h"
#include "dialects/common/query_params.h"

namespace pictor::dialects::converter {

using core::Error;

namespace {

const std::map<std::string_view, Operand>& operations() {
    static const std::map<std::string_view, Operand> table = {
        {"cacheImage", Operand::Key},
        {"cacheAndGetImage", Operand::KeyAndFormat},
        {"cacheAndGetImageAndMetadata", Operand::KeyAndFormat},
        {"getImage", Operand::KeyAndFormat},
        {"getImageAndMetadata", Operand::KeyAndFormat},
        {"getMetadata", Operand::Key},
        {"clearImagesByKey", Operand::Key},
        {"clearImages", Operand::None},
        {"getKeyCount", Operand::None},
        {"getKeys", Operand::None},
        {"status", Operand::None},
    };
    return table;
}

// Keys and contexts end up in JSON, logs and the status page: no control characters.
bool has_control(std::string_view text) {
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

} // namespace

std::optional<Operand> operand_of(std::string_view operation) {
    auto it = operations().find(operation);
    if (it == operations().end()) return std::nullopt;
    return it->second;
}

std::string operation_of(std::string_view path) {
    return std::string(path.substr(0, path.find('/')));
}

core::Result<ConverterRoute> parse_converter_route(std::string_view path, std::string_view query) {
    ConverterRoute route;
    auto params = dialects::parse_query(query);
    if (!params) return params.error();
    for (const auto& [k, v] : *params) {
        // An empty context (the OpenAPI default a generated client sends) is no context.
        if (k == "context") route.context = v.empty() ? std::nullopt : std::optional(v);
        if (k == "metrics") route.with_metrics = v == "yes" || v == "true";
    }
    if (route.context && has_control(*route.context))
        return Error::bad_request("the context must not contain control characters");
    route.operation = operation_of(path);
    auto operand = operand_of(route.operation);
    if (!operand)
        return Error::not_found("no such imageconverter operation '" + route.operation + "'");
    auto slash = path.find('/');
    std::string_view rest = slash == std::string_view::npos ? "" : path.substr(slash + 1);
    if (*operand == Operand::None) {
        if (!rest.empty()) return Error::not_found("no such operation");
        return route;
    }
    // {imageKey}[/{requestFormat}]: the key may hold '/', so the format is the last segment.
    std::string_view raw_key = rest, raw_format;
    if (*operand == Operand::KeyAndFormat) {
        auto last = rest.rfind('/');
        if (last == std::string_view::npos)
            return Error::bad_request("expected " + route.operation +
                                      "/{imageKey}/{requestFormat}");
        raw_key = rest.substr(0, last);
        raw_format = rest.substr(last + 1);
    }
    auto key = core::percent_decode(raw_key);
    if (!key) return key.error();
    if (key->empty()) return Error::bad_request("no image key given");
    if (key->size() > 1024) return Error::bad_request("image key too long");
    if (has_control(*key))
        return Error::bad_request("the image key must not contain control characters");
    route.key = std::move(*key);
    if (*operand == Operand::KeyAndFormat) {
        auto decoded = core::percent_decode(raw_format);
        if (!decoded) return decoded.error();
        auto format = parse_request_format(*decoded);
        if (!format) return format.error();
        route.format = std::move(*format);
    }
    return route;
}

} // namespace pictor::dialects::converter
