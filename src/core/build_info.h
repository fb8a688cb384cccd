#pragma once
// What this binary is: pictor's version, the commit and build type it was built from. Shown by
// `pictor --version`, on the landing page and as the pictor_build_info metric.
#include <string>

namespace pictor::core {

struct BuildInfo {
    std::string version;    // "0.1.0" (CMake's project version)
    std::string commit;     // "1a2b3c4d5e6f", "+dirty" with local changes, or "unknown"
    std::string build_type; // "Release", "RelWithDebInfo", …
    std::string license;    // SPDX identifier: "Apache-2.0" (LICENSE)
};

const BuildInfo& build_info();

} // namespace pictor::core
