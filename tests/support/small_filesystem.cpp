#include "support/small_filesystem.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pictor::test {

namespace fs = std::filesystem;

SmallFilesystem::SmallFilesystem(fs::path at, std::uint64_t bytes) : at_(std::move(at)) {
    fs::create_directories(at_);
    std::string options = "size=" + std::to_string(bytes);
    if (::mount("tmpfs", at_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
        why_ = std::string("cannot mount a tmpfs (") + std::strerror(errno) +
               "): fault tests of full and read-only folders need root or CAP_SYS_ADMIN";
        return;
    }
    mounted_ = true;
}

SmallFilesystem::~SmallFilesystem() {
    for (const auto& f : read_only_)
        ::umount2(f.c_str(), MNT_DETACH);
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(at_, ec);
}

void SmallFilesystem::fill() {
    int fd = ::open((at_ / "filler").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    std::string block(64 * 1024, 'x');
    // Big blocks, then single bytes: the last page of the file system too.
    for (std::size_t size : {block.size(), std::size_t{4096}, std::size_t{1}})
        while (::write(fd, block.data(), size) > 0) {
        }
    ::close(fd);
}

void SmallFilesystem::empty() { ::unlink((at_ / "filler").c_str()); }

bool SmallFilesystem::read_only(const fs::path& folder) {
    fs::create_directories(folder);
    if (::mount(folder.c_str(), folder.c_str(), nullptr, MS_BIND, nullptr) != 0) return false;
    read_only_.push_back(folder);
    return ::mount(nullptr, folder.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) ==
           0;
}

void SmallFilesystem::writable(const fs::path& folder) {
    ::umount2(folder.c_str(), MNT_DETACH);
    std::erase(read_only_, folder);
}

std::uint64_t SmallFilesystem::free_bytes() const {
    struct statvfs s {};
    if (::statvfs(at_.c_str(), &s) != 0) return 0;
    return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

} // namespace pictor::test
