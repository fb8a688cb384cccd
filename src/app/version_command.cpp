#include "app/commands.h"
#include "core/build_info.h"
#include "engine/engine.h"

namespace pictor::app {

std::string version_text() {
    const auto& b = core::build_info();
    std::string out = "pictor " + b.version + " (commit " + b.commit + ", " + b.build_type + ")";
    out += "\nLicense: " + b.license + " (SPDX)";
    for (const auto& [name, version] : engine::library_versions())
        out += "\n" + name + " " + version;
    return out;
}

} // namespace pictor::app
