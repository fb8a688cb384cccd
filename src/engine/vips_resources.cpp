// libvips' own accounting of the memory and files it holds, for /metrics: its pixel buffers and
// the files its loaders keep open are where an image server's memory and descriptors go.
#include "engine/engine.h"
#include "engine/vips_internal.h"

namespace pictor::engine {

VipsResources vips_resources() {
    return {static_cast<double>(vips_tracked_get_mem()),
            static_cast<double>(vips_tracked_get_mem_highwater()),
            static_cast<double>(vips_tracked_get_allocs()),
            static_cast<double>(vips_tracked_get_files())};
}

} // namespace pictor::engine
