// The imaging endpoints' paths (/app/api/json/imaging/...) and the legacy jspz query.
#include "dialects/imaging/route.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz_text(data, size);
    (void)parse_imaging_path(text);
    (void)parse_legacy_query(text);
    return 0;
}
