#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "core/system_error.h"

namespace pictor::core {

namespace fs = std::filesystem;

Result<void> write_new_file(const fs::path& path, std::string_view bytes, bool sync) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return system_error(errno, "create " + path.string());
    auto fail = [&](int err, const char* what) -> Result<void> {
        ::close(fd);
        ::unlink(path.c_str());
        return system_error(err, std::string(what) + " " + path.string());
    };
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(n < 0 ? errno : ENOSPC, "write"); // nothing written: full
        done += static_cast<std::size_t>(n);
    }
    // A full disk may only show at fsync or close (delayed allocation, NFS).
    if (sync && ::fsync(fd) != 0) return fail(errno, "sync");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(path.c_str());
        return system_error(err, "close " + path.string());
    }
    return {};
}

Result<fs::path> write_temp_file(const fs::path& temp_dir, std::string_view bytes) {
    std::error_code ec;
    fs::create_directories(temp_dir, ec);
    static std::atomic<unsigned> counter{0};
    fs::path temp =
        temp_dir / ("write.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    if (auto written = write_new_file(temp, bytes, true); !written) return written.error();
    return temp;
}

Result<void> commit_file(const fs::path& temp, const fs::path& target) {
    if (std::rename(temp.c_str(), target.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return system_error(err, "rename into " + target.string());
    }
    if (int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace pictor::core
