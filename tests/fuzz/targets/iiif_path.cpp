// The part of a IIIF URL after /iiif/N/: split into identifier and parameters, then parsed as an
// image request in both API versions.
#include "dialects/iiif/iiif_path.h"
#include "dialects/iiif/iiif_parser.h"
#include "fuzz/fuzz_target.h"

using namespace pictor::dialects::iiif;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto path = split_iiif_path(fuzz_text(data, size));
    if (!path || path->kind != IiifPath::Kind::Image) return 0;
    for (Version v : {Version::V3, Version::V2})
        (void)parse_image_request(path->region, path->size, path->rotation, path->quality_format,
                                  v);
    return 0;
}
