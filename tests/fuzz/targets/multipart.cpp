// The streaming multipart/form-data parser, fed the body in chunks whose size the first byte
// chooses (the same body must give the same outcome whatever the chunking).
#include "dialects/converter/multipart.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::converter;

namespace {

struct Outcome {
    bool ok = false;
    std::size_t parts = 0, bytes = 0;
    bool operator==(const Outcome&) const = default;
};

Outcome parse(std::string_view body, std::size_t chunk) {
    Outcome out;
    MultipartParser parser(
        "TestBoundary42", MultipartLimits{},
        [&](const PartInfo&) -> pictor::core::Result<void> {
            ++out.parts;
            return {};
        },
        [&](std::string_view d) -> pictor::core::Result<void> {
            out.bytes += d.size();
            return {};
        });
    for (std::size_t at = 0; at < body.size(); at += chunk)
        if (!parser.feed(body.substr(at, chunk))) return out;
    out.ok = static_cast<bool>(parser.finish());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::size_t chunk = 1 + data[0] % 64;
    std::string_view body = fuzz_text(data + 1, size - 1);
    Outcome whole = parse(body, body.size() + 1);
    Outcome pieces = parse(body, chunk);
    FUZZ_CHECK(whole.ok == pieces.ok);
    if (whole.ok) FUZZ_CHECK(whole == pieces);
    return 0;
}
