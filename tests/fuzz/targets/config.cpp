// The TOML configuration file, through the loader `pictor serve --config` uses (validation
// included).
#include <fstream>
#include <string>

#include <unistd.h>

#include "config/config_loader.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/pictor-fuzz-config-" + std::to_string(::getpid());
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    pictor::config::ConfigSources sources;
    sources.toml_file = path;
    (void)pictor::config::load_config(sources);
    return 0;
}
