#include "service/original_reader.h"

namespace pictor::service {

core::Result<OriginalFile> OriginalReader::read(const Sight& sight) const {
    if (!offered()) return core::Error::not_found("originals are not offered by this server");
    auto file = read_original(sight);
    if (!file || mode_ == "as-stored") return file;
    auto stripped = engine_.without_metadata(std::move(file->bytes), file->format);
    if (!stripped) return stripped.error();
    file->bytes = std::move(*stripped);
    auto& etag = file->validators.etag; // "hash[.tier]" -> "hash[.tier]-stripped"
    if (etag.size() >= 2) etag.insert(etag.size() - 1, "-stripped");
    return file;
}

} // namespace pictor::service
