#pragma once
// Builds a Config from, in rising priority: a TOML file, PICTOR_* environment variables and
// `key=value` overrides from the command line. The first bad key or value stops loading with
// a message that names it. Relative paths in the file are read against the file's folder; in
// the environment and on the command line, against the working directory. Kubernetes service
// links (PICTOR_PORT, PICTOR_PORT_*, PICTOR_SERVICE_*) are not keys: they are skipped, with a
// warning.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"

namespace pictor::config {

struct ConfigSources {
    std::optional<std::string> toml_file;
    std::map<std::string, std::string> environment;             // only PICTOR_* entries matter
    std::vector<std::pair<std::string, std::string>> overrides; // dotted key -> value
};

// `warnings`: what was skipped, one line each, for the caller to log.
core::Result<Config> load_config(const ConfigSources& sources,
                                 std::vector<std::string>* warnings = nullptr);

// The current process environment's PICTOR_* variables.
std::map<std::string, std::string> pictor_environment();

// Human-readable list of every key with its environment name and default.
std::string describe_config_keys();

} // namespace pictor::config
