// Wedia's object and array command syntaxes, from JSON text; what parses round-trips through
// the canonical simplified form.
#include <nlohmann/json.hpp>

#include "dialects/imaging/command_set.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto json = nlohmann::ordered_json::parse(fuzz_text(data, size), nullptr, false);
    if (json.is_discarded()) return 0;
    auto set = parse_json(json);
    if (!set || set->empty()) return 0; // an empty set has no text to print
    auto again = parse_simplified(to_simplified(*set));
    FUZZ_CHECK(again && to_simplified(*again) == to_simplified(*set));
    return 0;
}
