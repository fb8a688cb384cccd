#include "engine/webp_metadata.h"

#include <webp/mux.h>

namespace pictor::engine::detail {

core::Result<std::string> strip_webp_metadata(std::string webp, const std::string& keep_exif) {
    WebPData in{reinterpret_cast<const uint8_t*>(webp.data()), webp.size()};
    WebPMux* mux = WebPMuxCreate(&in, 0); // 0: reads `in` without copying it
    if (!mux) return core::Error::internal("libwebpmux cannot read the encoded WebP");
    bool had = false;
    for (const char* chunk : {"EXIF", "XMP "})
        had = WebPMuxDeleteChunk(mux, chunk) == WEBP_MUX_OK || had;
    if (!keep_exif.empty()) {
        WebPData exif{reinterpret_cast<const uint8_t*>(keep_exif.data()), keep_exif.size()};
        had = WebPMuxSetChunk(mux, "EXIF", &exif, 1) == WEBP_MUX_OK || had;
    }
    if (!had) { // nothing to remove: the bytes stay as libwebp wrote them
        WebPMuxDelete(mux);
        return webp;
    }
    WebPData out;
    WebPDataInit(&out);
    WebPMuxError e = WebPMuxAssemble(mux, &out);
    WebPMuxDelete(mux);
    if (e != WEBP_MUX_OK) return core::Error::internal("libwebpmux cannot assemble the WebP");
    std::string bytes(reinterpret_cast<const char*>(out.bytes), out.size);
    WebPDataClear(&out);
    return bytes;
}

} // namespace pictor::engine::detail
