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

namespace {

// Writes all of `data` at `offset`; 0, or the errno that stopped it (ENOSPC when nothing more
// could be written).
int write_fully(int fd, const char* data, std::size_t size, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < size) {
        auto n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : ENOSPC; // nothing written: full
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// Syncs (with `sync`) and closes `fd`; 0, or the errno of the step that failed, named in `what`.
// A full disk may only show here (delayed allocation, NFS).
int sync_and_close(int fd, bool sync, const char*& what) {
    int err = 0;
    if (sync && ::fsync(fd) != 0) err = errno, what = "sync";
    if (::close(fd) != 0 && err == 0) err = errno, what = "close";
    return err;
}

// A name for a new temp file in `temp_dir` (created if missing), unique in this process.
fs::path temp_name(const fs::path& temp_dir) {
    std::error_code ec;
    fs::create_directories(temp_dir, ec);
    static std::atomic<unsigned> counter{0};
    return temp_dir / ("write.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

} // namespace

Result<void> write_new_file(const fs::path& path, std::string_view bytes, bool sync) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return system_error(errno, "create " + path.string());
    const char* what = "write";
    int err = write_fully(fd, bytes.data(), bytes.size(), 0);
    if (err != 0)
        ::close(fd);
    else
        err = sync_and_close(fd, sync, what);
    if (err == 0) return {};
    ::unlink(path.c_str());
    return system_error(err, std::string(what) + " " + path.string());
}

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
    if (int err = write_fully(fd_, static_cast<const char*>(data), size, offset); err != 0) {
        failed_ = system_error(err, "write " + path_.string());
        return;
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
    const char* what = "close";
    int err = 0;
    if (failed_) // nothing to sync: the file is removed below
        ::close(fd_);
    else
        err = sync_and_close(fd_, true, what);
    fd_ = -1;
    if (!failed_ && err == 0) return path_;
    ::unlink(path_.c_str());
    return failed_ ? *failed_ : system_error(err, std::string(what) + " " + path_.string());
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
