#pragma once
// Whole-file writes that a reader or a crash never sees half done: the bytes go to a temp file
// (in `temp_dir`, on the target's file system), are fsynced, then renamed over the target.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace pictor::core {

// Writes `bytes` to a new file at `path` (which must not exist); on any failure the file is
// removed and the error says why (core/system_error.h: a full disk is OutOfResources). With
// `sync`, the bytes are on disk when it returns.
core::Result<void> write_new_file(const std::filesystem::path& path, std::string_view bytes,
                                  bool sync);
// The complete temp file, ready for commit_file() (or removal).
core::Result<std::filesystem::path> write_temp_file(const std::filesystem::path& temp_dir,
                                                    std::string_view bytes);
// A temp file written piece by piece, at any offset (a TIFF writer seeks back to patch its
// header), for files too large to assemble in memory first. Writes never fail to the caller:
// the first failure (a full disk) is kept, later writes are skipped, and finish() reports it,
// so a writer whose own error path is unsafe (libvips 8.14's TIFF writer, see
// engine/pyramid.cpp) never meets one. Removed unless finish() succeeded.
class TempFile {
  public:
    static core::Result<TempFile> create(const std::filesystem::path& temp_dir);
    TempFile(TempFile&& other) noexcept;
    TempFile& operator=(TempFile&&) = delete;
    ~TempFile();

    void write_at(std::uint64_t offset, const void* data, std::size_t size);
    // Bytes read back from `offset` (fewer at the end, or where a failed write left a hole).
    std::size_t read_at(std::uint64_t offset, void* data, std::size_t size) const;
    // One past the last byte written so far.
    std::uint64_t size() const { return size_; }
    // Synced and closed, ready for commit_file(); or the first error, the file removed.
    core::Result<std::filesystem::path> finish();

  private:
    TempFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::filesystem::path path_;
    std::uint64_t size_ = 0;
    std::optional<core::Error> failed_;
    bool finished_ = false;
};

// Renames the temp file over `target` and syncs the folder; removes the temp file on failure.
core::Result<void> commit_file(const std::filesystem::path& temp,
                               const std::filesystem::path& target);

} // namespace pictor::core
