#pragma once
// The `pictor` subcommands. Each gets its parsed options and returns the exit code.
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "engine/engine.h"
#include "http/server.h"

namespace pictor::app {

struct CommonOptions {
    std::optional<std::string> config_file;
    std::vector<std::string> settings; // "key=value"
};

struct ProcessOptions {
    std::string input;  // a file, "-" for stdin, or a folder with --batch
    std::string output; // a file, "-" for stdout, or a folder with --batch
    std::string iiif;   // "region/size/rotation/quality[.format]"
    std::string format; // output format when OUT does not say it ("-", --batch): jpg, png, …
    bool pyramid = false;
    bool batch = false; // every image under INPUT into OUTPUT, same relative paths
};

// `pictor admin`: the admin API's common calls against a running server.
struct AdminOptions {
    std::string url;                // default: http://<server.host>:<server.port>
    std::string user;               // default: admin.user
    std::string password;           // default: admin.password
    std::vector<std::string> words; // the command and its arguments
    std::vector<std::string> roles; // --role, repeatable
    bool set_roles = false;         // --role or --no-roles given: replace the roles
    std::optional<int> max_width, open_full_max, open_max_width;
    std::optional<std::string> title, new_password; // new_password "-": read it (prompt/stdin)
    bool json = false;                              // print the API's JSON instead of tables
    bool password_stdin = false;                    // read the admin password from stdin
};

// `pictor sign`: a URL signed as docs/security.md describes.
struct SignOptions {
    std::string url;
    std::optional<std::int64_t> expires_in; // seconds from now
    std::string key_id;                     // empty: the first of signing.keys
};

struct HealthOptions {
    std::string url; // empty: http://server.host:server.port/healthz
    int timeout_ms = 3000;
};

// TOML -> PICTOR_* -> --set; prints the error and returns nullopt when a setting is bad.
std::optional<config::Config> load_configuration(const CommonOptions& common);
// The same sources, read again (SIGHUP): the first bad setting as an error, nothing printed.
core::Result<config::Config> load_settings(const CommonOptions& common,
                                           std::vector<std::string>* warnings = nullptr);
engine::EngineOptions engine_options(const config::Config& config);

// With `list_routes`, prints the routes instead of listening (for the OpenAPI check).
// `sources` are read again on SIGHUP (app/reload.h).
int serve(const config::Config& config, const CommonOptions& sources, bool list_routes = false);
// `pictor serve --check-config`: what serve would refuse to start with (keys, values, the image
// folder), said on stderr; 0 when it would start, 2 otherwise. Like `nginx -t`.
int check_configuration(const config::Config& config);
int process(const config::Config& config, const ProcessOptions& options);
int admin(const config::Config& config, const AdminOptions& options);
int sign(const config::Config& config, const SignOptions& options);
int health(const config::Config& config, const HealthOptions& options);
extern const char* const kAdminCommands; // the help text listing the commands
// Every log line through core/log_output.h, to `stream`: spdlog's default logger writes there,
// in log.format (app/log_sink.cpp).
void use_log_output(const config::LogConfig& log, std::FILE* stream);
// The service manager's notifications (systemd's sd_notify) for the server's lifecycle.
http::LifecycleHooks service_notifications();
// `pictor --version`: pictor's version, commit and build type, then one line per image library.
std::string version_text();

} // namespace pictor::app
