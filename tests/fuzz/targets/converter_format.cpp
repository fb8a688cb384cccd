// The preview cache's request formats ("jpg:200x150~cover@60", lists of them) and its routes:
// the first line is the path after /imageconverter/, the rest the query.
#include "dialects/converter/request_format.h"
#include "dialects/converter/route.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::converter;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz_text(data, size);
    (void)parse_request_formats(text);
    auto newline = text.find('\n');
    std::string_view path = text.substr(0, newline);
    std::string_view query = newline == std::string_view::npos ? "" : text.substr(newline + 1);
    (void)parse_converter_route(path, query);
    return 0;
}
