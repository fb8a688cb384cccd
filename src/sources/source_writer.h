#pragma once
// Writes into the source image tree: replace a source atomically (a temp file in the root's
// .pictor-tmp/ folder, fsync, rename over the old one, so readers and a crash see the old file
// or the new one, never a part), and delete one. Concurrent replaces of one identifier leave
// the last complete file.
#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.h"

namespace pictor::sources {

class SourceWriter {
  public:
    explicit SourceWriter(const std::filesystem::path& root);

    using Check = std::function<core::Result<void>(const std::filesystem::path& written)>;
    // Creates missing folders inside the root; refuses to write through a symlink. `check`
    // runs on the complete temp file before it replaces anything; its error cancels.
    core::Result<void> replace(std::string_view identifier, std::string_view bytes,
                               const Check& check);
    core::Result<bool> remove(std::string_view identifier);
    // Temp files left by a crash mid-upload; called at start-up.
    void clean_temp();

  private:
    core::Result<std::filesystem::path> target(std::string_view identifier) const;

    std::filesystem::path root_;
    std::filesystem::path temp_dir_;
};

} // namespace pictor::sources
