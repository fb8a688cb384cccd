#include "config/config.h"

#include <filesystem>

namespace pictor::config {
namespace {

core::Error bad(const std::string& key, const std::string& why) {
    return core::Error::bad_request("configuration key '" + key + "': " + why);
}

} // namespace

core::Result<void> Config::validate_for_serving() const {
    std::error_code ec;
    if (!std::filesystem::is_directory(store.images, ec))
        return bad("store.images", "'" + store.images + "' is not a directory");
    return validate();
}

core::Result<void> Config::validate() const {
    if (limits.max_output_pixels > limits.max_decoded_pixels)
        return bad("limits.max_output_pixels", "must not exceed limits.max_decoded_pixels");
    if (iiif.tile_size > limits.max_width)
        return bad("iiif.tile_size", "must not exceed limits.max_width");
    return {};
}

} // namespace pictor::config
