#include "service/converter_metadata.h"

#include "core/clock.h"

namespace pictor::service {

using nlohmann::json;

namespace {

// libvips names EXIF tags "exif-ifdN-Name" and formats them "value (description, type, ...)";
// the group follows the IFD (0 and 1: the image and its thumbnail, 2: Exif, 3: GPS).
std::string exif_value(const std::string& v) {
    auto paren = v.find(" (");
    return paren == std::string::npos ? v : v.substr(0, paren);
}

// libvips prints enums as "((VipsCoding) VIPS_CODING_NONE)" and strings quoted.
std::string header_value(const std::string& v) {
    if (v.rfind("((", 0) == 0 && v.back() == ')') {
        auto space = v.rfind(' ');
        return v.substr(space + 1, v.size() - space - 2);
    }
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

} // namespace

json converter_metadata(const UploadFacts& facts,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
    json exif = json::object(), gps = json::object(), header = json::object();
    json thumbnail = json::object();
    for (const auto& [name, value] : fields) {
        if (name.rfind("exif-ifd", 0) == 0 && name.size() > 10 && name[9] == '-') {
            std::string tag = name.substr(10);
            switch (name[8]) {
            case '0':
            case '2': exif[tag] = exif_value(value); break;
            case '1': thumbnail[tag] = exif_value(value); break;
            case '3': gps[tag] = exif_value(value); break;
            default: break;
            }
        } else if (name.rfind("exif-", 0) != 0 && name != "filename") {
            header[name] = header_value(value); // (the filename is where pictor keeps it)
        }
    }
    json file = {{"File Size", std::to_string(facts.bytes) + " bytes"},
                 {"File Type", std::string(core::extension(facts.format))},
                 {"MIME Type", std::string(core::mime_type(facts.format))},
                 {"File Modified Date", core::iso_utc(facts.modified_s)}};
    json out = {{"width", facts.size.width},
                {"height", facts.size.height},
                {"format", std::string(core::extension(facts.format))},
                {"Exif", exif},
                {"GPS", gps},
                {"File", file},
                {"Header", header}};
    if (!thumbnail.empty()) out["Thumbnail"] = thumbnail;
    return out;
}

} // namespace pictor::service
