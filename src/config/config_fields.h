#pragma once
// The table of every configuration key: its dotted name, help text and a typed setter that
// parses a string value and checks its range. TOML, environment and flags all go through it,
// so a key means the same everywhere and an unknown key is always an error.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace pictor::config {

// Whether a value names a file or folder: a relative one in a configuration file is read
// against that file's folder, so `pictor serve --config /etc/pictor/pictor.toml` means the same
// from any working directory.
enum class PathValue {
    No,
    Yes,       // the whole value ("data", "/var/lib/pictor")
    SqliteUrl, // the part after "sqlite:" of a database URL
};

struct Field {
    std::string name; // "server.port"
    std::string help;
    std::function<core::Result<void>(Config&, std::string_view)> set;
    std::function<std::string(const Config&)> get;
    PathValue path = PathValue::No;
};

const std::vector<Field>& config_fields();
const Field* find_field(std::string_view name);

// "server.port" -> "PICTOR_SERVER_PORT"
std::string env_name(std::string_view field_name);

} // namespace pictor::config
