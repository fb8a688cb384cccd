// pictor: one image server, several dialects. `pictor serve` runs it; `pictor process` runs the
// same engine on a local file.
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "config/config_loader.h"

using namespace pictor;

int main(int argc, char** argv) {
    CLI::App cli{"pictor: an image server for IIIF and friends"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", app::version_text,
                         "print pictor's and its libraries' versions");

    app::CommonOptions common;
    if (const char* env = std::getenv("PICTOR_CONFIG")) common.config_file = env;
    std::string host, images, data, ready_file;
    int port = -1;

    // Each subcommand's --help shows its own options; the list of every configuration key is
    // `pictor serve --help`'s alone.
    auto add_common = [&](CLI::App* sub) {
        sub->add_option("-c,--config", common.config_file,
                        "TOML configuration file ($PICTOR_CONFIG)");
        sub->add_option("--set", common.settings,
                        "override a key: --set limits.max_width=4000 (keys: pictor serve --help)")
            ->type_name("KEY=VALUE")
            ->allow_extra_args(false);
    };

    CLI::App* serve = cli.add_subcommand("serve", "serve images over HTTP");
    add_common(serve);
    serve->footer("Configuration keys (TOML [section] key, environment, default):\n" +
                  config::describe_config_keys());
    serve->add_option("--host", host, "address to listen on (server.host)");
    serve->add_option("-p,--port", port, "TCP port, 0 = any free port (server.port)");
    serve->add_option("--images", images, "source image directory (store.images)");
    serve->add_option("--data", data, "data directory (store.data)");
    serve->add_option("--ready-file", ready_file, "write the bound port here once listening");
    bool list_routes = false, check_config = false;
    serve->add_flag("--check-config", check_config,
                    "check the configuration (file, environment, --set) and exit: 0 if serve "
                    "would start with it, 2 and the first problem otherwise");
    serve->add_flag("--list-routes", list_routes,
                    "print the routes the server registers (pattern, exact|prefix, name) and exit");

    app::ProcessOptions proc;
    CLI::App* process = cli.add_subcommand("process", "run a request on a local file");
    add_common(process);
    process->add_option("input", proc.input, "source image, - for stdin, or a folder (--batch)")
        ->required();
    process
        ->add_option("output", proc.output,
                     "result (its extension picks the format), - for stdout, or a folder")
        ->required();
    process->add_option("--iiif", proc.iiif, "IIIF 3.0 parameters, e.g. 'full/!300,300/0/default'");
    process->add_option("--format", proc.format,
                        "output format when OUTPUT does not name one (-, --batch): jpg, png, webp, "
                        "tif, …");
    process->add_flag("--pyramid", proc.pyramid, "write a tiled pyramidal TIFF");
    process->add_flag("--batch", proc.batch,
                      "every image under INPUT (a folder) into OUTPUT (a folder), same relative "
                      "paths; a progress bar on a terminal");

    app::AdminOptions adm;
    CLI::App* admin = cli.add_subcommand("admin", "call the admin API of a running server");
    add_common(admin);
    admin->add_option("words", adm.words, "command and arguments (see below)")->required();
    admin->add_option("--url", adm.url, "server URL (default http://server.host:server.port)");
    admin->add_option("--user", adm.user, "admin user (default admin.user)");
    admin->add_option("--password", adm.password, "admin password (default admin.password)");
    admin->add_option("--role", adm.roles, "a role, repeatable (policy, user)")
        ->allow_extra_args(false)
        ->each([&](const std::string&) { adm.set_roles = true; });
    admin->add_flag(
        "--no-roles", [&](std::int64_t) { adm.set_roles = true; },
        "clear the roles (policy, user)");
    admin->add_option("--max-width", adm.max_width, "maxWidth (policy)");
    admin->add_option("--open-full-max", adm.open_full_max, "openFullMax (policy)");
    admin->add_option("--open-max-width", adm.open_max_width, "openMaxWidth (policy)");
    admin->add_option("--title", adm.title, "title (policy)");
    admin->add_option("--new-password", adm.new_password,
                      "the user's password (user); - to type it or read it from stdin");
    admin->add_flag("--json", adm.json, "print the API's JSON instead of tables");
    admin->add_flag("--password-stdin", adm.password_stdin, "read the admin password from stdin");
    admin->footer(app::kAdminCommands);

    app::SignOptions sig;
    CLI::App* sign = cli.add_subcommand("sign", "print a URL signed with signing.keys");
    add_common(sign);
    sign->add_option("url", sig.url,
                     "a URL or a path with its query (\"/api/display/a.jpg?size=300\")")
        ->required();
    sign->add_option("--expires-in", sig.expires_in, "seconds the signature stays valid");
    sign->add_option("--key", sig.key_id, "key id to sign with (default: the first)");

    app::HealthOptions hc;
    CLI::App* health =
        cli.add_subcommand("health", "exit 0 if a running server answers /healthz (HEALTHCHECK)");
    add_common(health);
    health->add_option("--url", hc.url,
                       "URL to ask (default http://server.host:server.port/healthz)");
    health->add_option("--timeout-ms", hc.timeout_ms, "give up after this long (default 3000)");

    CLI11_PARSE(cli, argc, argv);

    if (!host.empty()) common.settings.push_back("server.host=" + host);
    if (port >= 0) common.settings.push_back("server.port=" + std::to_string(port));
    if (!images.empty()) common.settings.push_back("store.images=" + images);
    if (!data.empty()) common.settings.push_back("store.data=" + data);
    if (!ready_file.empty()) common.settings.push_back("server.ready_file=" + ready_file);

    auto config = app::load_configuration(common);
    if (!config) return 2;
    if (serve->parsed() && check_config) return app::check_configuration(*config);
    if (serve->parsed()) return app::serve(*config, common, list_routes);
    if (admin->parsed()) return app::admin(*config, adm);
    if (sign->parsed()) return app::sign(*config, sig);
    if (health->parsed()) return app::health(*config, hc);
    return app::process(*config, proc);
}
