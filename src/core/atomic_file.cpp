#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <utility>

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

namespace {

// A name for a new temp file in `temp_dir` (created if missing), unique in this process.
fs::path temp_name(const fs::path& temp_dir) {
    std::error_code ec;
    fs::create_directories(temp_dir, ec);
    static std::atomic<unsigned> counter{0};
    return temp_dir / ("write.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

} // namespace

Result<fs::path> write_temp_file(const fs::path& temp_dir, std::string_view bytes) {
    fs::path temp = temp_name(temp_dir);
    if (auto written = write_new_file(temp, bytes, true); !written) return written.error();
    return temp;
}

Result<TempFile> TempFile::create(const fs::path& temp_dir) {
    fs::path path = temp_name(temp_dir);
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return system_error(errno, "create " + path.string());
    return TempFile(fd, std::move(path));
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), size_(other.size_),
      failed_(std::move(other.failed_)), finished_(std::exchange(other.finished_, true)) {}

TempFile::~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) ::unlink(path_.c_str());
}

void TempFile::write_at(std::uint64_t offset, const void* data, std::size_t size) {
    if (failed_ || fd_ < 0) return;
    const auto* bytes = static_cast<const char*>(data);
    std::size_t done = 0;
    while (done < size) {
        auto n = ::pwrite(fd_, bytes + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { // nothing written: the disk is full
            failed_ = system_error(n < 0 ? errno : ENOSPC, "write " + path_.string());
            return;
        }
        done += static_cast<std::size_t>(n);
    }
    size_ = std::max<std::uint64_t>(size_, offset + size);
}

std::size_t TempFile::read_at(std::uint64_t offset, void* data, std::size_t size) const {
    std::size_t done = 0;
    while (fd_ >= 0 && done < size) {
        auto n = ::pread(fd_, static_cast<char*>(data) + done, size - done,
                         static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    return done;
}

Result<fs::path> TempFile::finish() {
    finished_ = true;
    int err = 0;
    std::string what;
    // A full disk may only show at fsync or close (delayed allocation, NFS).
    if (!failed_ && ::fsync(fd_) != 0) err = errno, what = "sync ";
    if (::close(fd_) != 0 && !failed_ && err == 0) err = errno, what = "close ";
    fd_ = -1;
    if (!failed_ && err == 0) return path_;
    ::unlink(path_.c_str());
    return failed_ ? *failed_ : system_error(err, what + path_.string());
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
