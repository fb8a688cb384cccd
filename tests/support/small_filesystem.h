#pragma once
// A small tmpfs mounted on a folder of the test's, for fault tests: filled to the last byte
// (ENOSPC), emptied again, and sub-folders bind-mounted read-only (EROFS). Needs root (or
// CAP_SYS_ADMIN); where mounting is not allowed, mounted() is false and why() says so, and
// the test skips with that reason printed.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pictor::test {

class SmallFilesystem {
  public:
    SmallFilesystem(std::filesystem::path at, std::uint64_t bytes);
    ~SmallFilesystem();
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }
    const std::filesystem::path& path() const { return at_; }

    // Writes a filler file until the file system is full; empty() removes it.
    void fill();
    void empty();
    // `folder` (inside) becomes read-only until writable() or the end.
    bool read_only(const std::filesystem::path& folder);
    void writable(const std::filesystem::path& folder);
    std::uint64_t free_bytes() const;

  private:
    std::filesystem::path at_;
    bool mounted_ = false;
    std::string why_;
    std::vector<std::filesystem::path> read_only_;
};

} // namespace pictor::test
