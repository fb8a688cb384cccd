// SourceStore::folder(): one folder of the local tree, for the Presentation collections.
#include <algorithm>

#include "core/image_format.h"
#include "core/text.h"
#include "sources/source_store.h"

namespace pictor::sources {

using core::Error;

core::Result<SourceStore::Folder> SourceStore::folder(std::string_view identifier,
                                                      std::size_t max_entries) const {
    namespace fs = std::filesystem;
    std::string name(identifier);
    while (!name.empty() && name.back() == '/')
        name.pop_back();
    auto missing = [&] { return Error::not_found("no folder '" + name + "'"); };
    fs::path dir = root_;
    if (!name.empty()) {
        if (auto ok = check_identifier(name); !ok) return ok.error();
        // A real folder: reached without any symlink, so its canonical path is its own.
        std::error_code ec;
        auto real = fs::canonical(root_ / name, ec);
        if (ec || real != (root_ / name).lexically_normal() || !fs::is_directory(real, ec))
            return missing();
        for (const auto& part : fs::path(name))
            if (part.string().starts_with(".")) return missing(); // hidden (pictor's own)
        dir = real;
    }
    Folder out;
    std::error_code ec;
    std::size_t seen = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        if (++seen > max_entries) {
            out.complete = false;
            break;
        }
        auto entry = it->path().filename().string();
        if (entry.starts_with(".") || it->is_symlink(ec)) continue;
        std::string id = name.empty() ? entry : name + "/" + entry;
        if (it->is_directory(ec)) {
            out.folders.push_back(std::move(id));
            continue;
        }
        auto ext = it->path().extension().string();
        if (it->is_regular_file(ec) && ext.size() >= 2 &&
            core::format_from_extension(core::to_lower(ext.substr(1))))
            out.images.push_back(std::move(id));
    }
    if (ec) return missing();
    std::sort(out.images.begin(), out.images.end());
    std::sort(out.folders.begin(), out.folders.end());
    return out;
}

} // namespace pictor::sources
