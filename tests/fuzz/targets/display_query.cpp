// The display API's query string (?size=, hsize, vsize, image_size, format, download).
#include "dialects/display/display_request.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::display;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    DisplayOptions options{{{"thumbnail", 200}, {"table", 100}}, 10000};
    auto request = parse_display_query(fuzz_text(data, size), options);
    if (!request) return 0;
    auto out = display_size(*request, {4000, 3000});
    FUZZ_CHECK(out.width >= 1 && out.height >= 1 && out.width <= 4000 && out.height <= 3000);
    return 0;
}
