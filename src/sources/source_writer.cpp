#include "sources/source_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "sources/source_store.h"

namespace pictor::sources {

using core::Error;
using core::Result;
namespace fs = std::filesystem;

SourceWriter::SourceWriter(const fs::path& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec) root_ = fs::absolute(root);
    temp_dir_ = root_ / (std::string(kPrivatePrefix) + "tmp");
}

Result<fs::path> SourceWriter::target(std::string_view identifier) const {
    if (auto r = check_identifier(identifier); !r) return r.error();
    fs::path path = root_ / fs::path(identifier);
    // Every existing component must be a real folder inside the root: no symlink games.
    fs::path walk = root_;
    const fs::path relative(identifier);
    for (auto it = relative.begin(); it != relative.end(); ++it) {
        walk /= *it;
        struct stat st {};
        if (::lstat(walk.c_str(), &st) != 0) break; // the rest does not exist yet
        bool last = std::next(it) == relative.end();
        if (S_ISLNK(st.st_mode)) return Error::bad_request("identifier passes through a symlink");
        if (!last && !S_ISDIR(st.st_mode))
            return Error::bad_request("a parent of the identifier is not a folder");
        if (last && !S_ISREG(st.st_mode))
            return Error::bad_request("the identifier names a folder");
    }
    return path;
}

Result<void> SourceWriter::replace(std::string_view identifier, std::string_view bytes,
                                   const Check& check) {
    auto path = target(identifier);
    if (!path) return path.error();
    std::error_code ec;
    fs::create_directories(path->parent_path(), ec);
    if (ec) return Error::internal("cannot create " + path->parent_path().string());
    auto temp = core::write_temp_file(temp_dir_, bytes);
    if (!temp) return temp.error();
    if (check)
        if (auto r = check(*temp); !r) {
            fs::remove(*temp, ec);
            return r;
        }
    return core::commit_file(*temp, *path);
}

Result<bool> SourceWriter::remove(std::string_view identifier) {
    auto path = target(identifier);
    if (!path) return path.error();
    if (::unlink(path->c_str()) == 0) return true;
    return false;
}

void SourceWriter::clean_temp() {
    std::error_code ec;
    for (auto it = fs::directory_iterator(temp_dir_, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        fs::remove(it->path(), ec);
}

} // namespace pictor::sources
