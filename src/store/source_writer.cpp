#include "store/source_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "store/source_store.h"

namespace pictor::store {

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
    fs::create_directories(temp_dir_, ec);
    fs::create_directories(path->parent_path(), ec);
    if (ec) return Error::internal("cannot create " + path->parent_path().string());
    static std::atomic<unsigned> counter{0};
    fs::path temp =
        temp_dir_ / ("upload-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return Error::internal("cannot create " + temp.string());
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            ::close(fd);
            ::unlink(temp.c_str());
            return Error::internal("cannot write " + temp.string());
        }
        done += static_cast<std::size_t>(n);
    }
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (synced && check)
        if (auto r = check(temp); !r) {
            ::unlink(temp.c_str());
            return r;
        }
    if (!synced || std::rename(temp.c_str(), path->c_str()) != 0) {
        ::unlink(temp.c_str());
        return Error::internal("cannot move the upload into place at " + path->string());
    }
    // The rename itself is durable once the folder is synced.
    if (int dir = ::open(path->parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
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

} // namespace pictor::store
