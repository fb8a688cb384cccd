#include "store/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace pictor::store {

namespace fs = std::filesystem;
using core::Error;
using core::Result;

Result<fs::path> write_temp_file(const fs::path& temp_dir, std::string_view bytes) {
    std::error_code ec;
    fs::create_directories(temp_dir, ec);
    static std::atomic<unsigned> counter{0};
    fs::path temp =
        temp_dir / ("write-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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
    if (!synced) {
        ::unlink(temp.c_str());
        return Error::internal("cannot sync " + temp.string());
    }
    return temp;
}

Result<void> commit_file(const fs::path& temp, const fs::path& target) {
    if (std::rename(temp.c_str(), target.c_str()) != 0) {
        ::unlink(temp.c_str());
        return Error::internal("cannot move a file into place at " + target.string());
    }
    if (int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace pictor::store
