#include "engine/exif_subset.h"

#include <cstdlib>
#include <cstring>
#include <memory>

#include <libexif/exif-data.h>

namespace pictor::engine::detail {

std::string exif_subset(const std::string& exif, const std::vector<std::string>& fields) {
    if (exif.empty() || fields.empty()) return {};
    using Data = std::unique_ptr<ExifData, void (*)(ExifData*)>;
    Data source(exif_data_new_from_data(reinterpret_cast<const unsigned char*>(exif.data()),
                                        static_cast<unsigned int>(exif.size())),
                exif_data_unref);
    Data kept(exif_data_new(), exif_data_unref);
    if (!source || !kept) return {};
    exif_data_set_byte_order(kept.get(), exif_data_get_byte_order(source.get()));
    // Only the chosen fields: libexif would otherwise add the "mandatory" ones on save.
    exif_data_unset_option(kept.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    int copied = 0;
    for (const auto& name : fields) {
        ExifTag tag = exif_tag_from_name(name.c_str());
        ExifEntry* from = exif_content_get_entry(source->ifd[EXIF_IFD_0], tag);
        if (!from || !from->data || from->size == 0) continue;
        ExifEntry* to = exif_entry_new();
        to->tag = tag;
        to->format = from->format;
        to->components = from->components;
        to->size = from->size;
        to->data = static_cast<unsigned char*>(std::malloc(from->size)); // libexif frees it
        std::memcpy(to->data, from->data, from->size);
        exif_content_add_entry(kept->ifd[EXIF_IFD_0], to);
        exif_entry_unref(to);
        ++copied;
    }
    if (copied == 0) return {};
    unsigned char* bytes = nullptr;
    unsigned int size = 0;
    exif_data_save_data(kept.get(), &bytes, &size);
    std::string out(reinterpret_cast<const char*>(bytes), size);
    std::free(bytes);
    return out;
}

} // namespace pictor::engine::detail
