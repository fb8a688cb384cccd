#pragma once
// Whole-file writes that a reader or a crash never sees half done: the bytes go to a temp file
// (in `temp_dir`, on the target's file system), are fsynced, then renamed over the target.
#include <filesystem>
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
// Renames the temp file over `target` and syncs the folder; removes the temp file on failure.
core::Result<void> commit_file(const std::filesystem::path& temp,
                               const std::filesystem::path& target);

} // namespace pictor::core
