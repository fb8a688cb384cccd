// The imaging actions file (JSON), as loaded at start-up and on SIGHUP.
#include <nlohmann/json.hpp>

#include "dialects/imaging/actions.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto json = nlohmann::ordered_json::parse(fuzz_text(data, size), nullptr, false);
    if (json.is_discarded()) return 0;
    (void)parse_actions(json);
    return 0;
}
