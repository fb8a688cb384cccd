#include "core/build_info.h"

namespace pictor::core {

extern const char* const kBuildCommit; // build_commit.cpp, generated at every build

const BuildInfo& build_info() {
    static const BuildInfo info{PICTOR_VERSION, kBuildCommit, PICTOR_BUILD_TYPE, PICTOR_LICENSE};
    return info;
}

} // namespace pictor::core
