#include "config/config_loader.h"

#include <filesystem>

#include <toml.hpp>

#include "config/config_fields.h"

extern char** environ;

namespace pictor::config {
namespace {

using core::Error;
using core::Result;

// The environment variables that are not configuration keys.
constexpr const char* kEnvNonKeys[] = {"PICTOR_CONFIG"};

Result<std::string> toml_scalar(const std::string& key, const toml::value& v) {
    if (v.is_string()) return std::string(v.as_string().str);
    if (v.is_integer()) return std::to_string(v.as_integer());
    if (v.is_boolean()) return std::string(v.as_boolean() ? "true" : "false");
    if (v.is_floating()) return std::to_string(v.as_floating());
    if (v.is_array()) {
        std::string joined;
        for (const auto& item : v.as_array()) {
            if (!item.is_string() && !item.is_integer())
                return Error::bad_request("configuration key '" + key +
                                          "': array items must be strings or integers");
            std::string text = item.is_string() ? std::string(item.as_string().str)
                                                : std::to_string(item.as_integer());
            joined += (joined.empty() ? "" : " ") + text;
        }
        return joined;
    }
    return Error::bad_request("configuration key '" + key + "': unsupported value type");
}

Result<void> apply(Config& config, const std::string& key, std::string_view value,
                   const std::string& origin) {
    const Field* field = find_field(key);
    if (!field)
        return Error::bad_request("unknown configuration key '" + key + "' (" + origin + ")");
    auto r = field->set(config, value);
    if (!r) return Error::bad_request(r.error().message + " (" + origin + ")");
    return {};
}

// A path key's value from a configuration file, relative ones read against the file's folder.
std::string resolve_path(const Field& field, std::string value,
                         const std::filesystem::path& folder) {
    constexpr std::string_view kSqlite = "sqlite:";
    std::string prefix;
    if (field.path == PathValue::SqliteUrl) {
        if (value.rfind(kSqlite, 0) != 0) return value; // postgresql://…
        prefix = kSqlite;
        value.erase(0, kSqlite.size());
    }
    if (field.path == PathValue::No || value.empty() || value == ":memory:" ||
        std::filesystem::path(value).is_absolute())
        return prefix + value;
    return prefix + (folder / value).lexically_normal().string();
}

// Kubernetes sets <SERVICE>_PORT, <SERVICE>_PORT_<n>_<PROTO>[_…] and <SERVICE>_SERVICE_… for
// every Service of the namespace: a Service named "pictor" would otherwise stop start-up.
bool is_service_link(std::string_view name) {
    return name == "PICTOR_PORT" || name.rfind("PICTOR_PORT_", 0) == 0 ||
           name.rfind("PICTOR_SERVICE_", 0) == 0;
}

Result<void> apply_toml(Config& config, const std::string& path) {
    auto folder = std::filesystem::absolute(path).parent_path();
    toml::value root;
    try {
        root = toml::parse(path);
    } catch (const std::exception& e) {
        return Error::bad_request("cannot read configuration file " + path + ": " + e.what());
    }
    for (const auto& [section, body] : root.as_table()) {
        if (!body.is_table())
            return Error::bad_request("unknown configuration key '" + section + "' (" + path +
                                      "): expected a [section]");
        for (const auto& [name, value] : body.as_table()) {
            std::string key = section + "." + name;
            auto text = toml_scalar(key, value);
            if (!text) return text.error();
            if (const Field* field = find_field(key))
                *text = resolve_path(*field, std::move(*text), folder);
            if (auto r = apply(config, key, *text, path); !r) return r;
        }
    }
    return {};
}

Result<void> apply_environment(Config& config, const std::map<std::string, std::string>& env,
                               std::vector<std::string>& warnings) {
    for (const auto& [name, value] : env) {
        if (name.rfind("PICTOR_", 0) != 0) continue;
        bool non_key = false;
        for (const char* n : kEnvNonKeys)
            non_key = non_key || name == n;
        if (non_key) continue;
        const Field* match = nullptr;
        for (const auto& f : config_fields())
            if (env_name(f.name) == name) match = &f;
        if (!match && is_service_link(name)) {
            warnings.push_back("ignoring environment variable " + name +
                               ": a Kubernetes service link, not a configuration key");
            continue;
        }
        if (!match)
            return Error::bad_request("unknown configuration key in environment variable " + name);
        if (auto r = apply(config, match->name, value, "environment " + name); !r) return r;
    }
    return {};
}

} // namespace

Result<Config> load_config(const ConfigSources& sources, std::vector<std::string>* warnings) {
    Config config;
    std::vector<std::string> ignored;
    if (sources.toml_file)
        if (auto r = apply_toml(config, *sources.toml_file); !r) return r.error();
    if (auto r = apply_environment(config, sources.environment, ignored); !r) return r.error();
    if (warnings) *warnings = std::move(ignored);
    for (const auto& [key, value] : sources.overrides)
        if (auto r = apply(config, key, value, "command line"); !r) return r.error();
    if (auto r = config.validate(); !r) return r.error();
    return config;
}

std::map<std::string, std::string> pictor_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos || entry.rfind("PICTOR_", 0) != 0) continue;
        env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return env;
}

std::string describe_config_keys() {
    Config defaults;
    std::string out;
    for (const auto& f : config_fields()) {
        out += "  " + f.name + " (" + env_name(f.name) + ", default \"" + f.get(defaults) +
               "\")\n      " + f.help + "\n";
    }
    return out;
}

} // namespace pictor::config
