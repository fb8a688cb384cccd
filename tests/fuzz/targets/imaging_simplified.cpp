// Wedia's simplified command syntax: whatever parses prints back (canonical form) to text that
// parses to the same command set.
#include "dialects/imaging/command_set.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto set = parse_simplified(fuzz_text(data, size));
    if (!set || set->empty()) return 0; // an empty set has no text to print
    auto again = parse_simplified(to_simplified(*set));
    FUZZ_CHECK(again && to_simplified(*again) == to_simplified(*set));
    return 0;
}
