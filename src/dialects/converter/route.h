#pragma once
// The converter's request grammar (Open-Xchange ImageConverter):
// `/imageconverter/{operation}[/{imageKey}
// [/{requestFormat}]]` with `?context=` (and `metrics=` for the status page). Which operations
// take a key, and which a key and a request format, is one table.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "dialects/converter/request_format.h"

namespace pictor::dialects::converter {

enum class Operand { None, Key, KeyAndFormat };

struct ConverterRoute {
    std::string operation;              // "cacheImage", "getImage", ...
    std::optional<std::string> context; // absent: every context (keys, counts, clearing)
    bool with_metrics = false;          // status?metrics=yes
    std::string key;                    // percent-decoded, for operations on a key
    std::optional<RequestFormat> format;
};

// What an operation takes after its name; nothing for an unknown operation.
std::optional<Operand> operand_of(std::string_view operation);
// The operation's name: the path up to the first '/'.
std::string operation_of(std::string_view path);
// The whole route: 404 (NotFound) for an unknown operation or a path where none belongs,
// 400 for a missing, empty, over-long (> 1024 bytes) or badly encoded key or format, and for
// control characters (CR, LF, ...) in a key or context.
core::Result<ConverterRoute> parse_converter_route(std::string_view path, std::string_view query);

} // namespace pictor::dialects::converter
