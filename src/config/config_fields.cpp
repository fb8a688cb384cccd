#include "config/config_fields.h"

#include <cctype>
#include <charconv>

namespace pictor::config {
namespace {

using core::Error;
using core::Result;

Error bad_value(std::string_view key, std::string_view value, std::string_view why) {
    return Error::bad_request("configuration key '" + std::string(key) + "': bad value '" +
                              std::string(value) + "' (" + std::string(why) + ")");
}

template <class S, class T>
Field integer(std::string name, S Config::*section, T S::*member, long long lo, long long hi,
              std::string help) {
    Field f{name, std::move(help), nullptr, nullptr};
    f.set = [=](Config& c, std::string_view v) -> Result<void> {
        long long n = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || end != v.data() + v.size())
            return bad_value(name, v, "expected an integer");
        if (n < lo || n > hi)
            return bad_value(
                name, v, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        (c.*section).*member = static_cast<T>(n);
        return {};
    };
    f.get = [=](const Config& c) { return std::to_string((c.*section).*member); };
    return f;
}

template <class S>
Field boolean(std::string name, S Config::*section, bool S::*member, std::string help) {
    Field f{name, std::move(help), nullptr, nullptr};
    f.set = [=](Config& c, std::string_view v) -> Result<void> {
        if (v == "true" || v == "1" || v == "yes")
            (c.*section).*member = true;
        else if (v == "false" || v == "0" || v == "no")
            (c.*section).*member = false;
        else
            return bad_value(name, v, "expected true or false");
        return {};
    };
    f.get = [=](const Config& c) { return (c.*section).*member ? "true" : "false"; };
    return f;
}

template <class S>
Field text(std::string name, S Config::*section, std::string S::*member, std::string help,
           std::vector<std::string> allowed = {}) {
    Field f{name, std::move(help), nullptr, nullptr};
    f.set = [=](Config& c, std::string_view v) -> Result<void> {
        if (!allowed.empty()) {
            bool ok = false;
            std::string list;
            for (const auto& a : allowed) {
                ok = ok || a == v;
                list += (list.empty() ? "" : ", ") + a;
            }
            if (!ok) return bad_value(name, v, "expected one of " + list);
        }
        (c.*section).*member = std::string(v);
        return {};
    };
    f.get = [=](const Config& c) { return (c.*section).*member; };
    return f;
}

// A text value that names a file or folder (see PathValue).
template <class S>
Field path(std::string name, S Config::*section, std::string S::*member, std::string help,
           PathValue kind = PathValue::Yes) {
    Field f = text(std::move(name), section, member, std::move(help));
    f.path = kind;
    return f;
}

template <class S>
Field list(std::string name, S Config::*section, std::vector<std::string> S::*member,
           std::string help) {
    Field f{name, std::move(help), nullptr, nullptr};
    f.set = [=](Config& c, std::string_view v) -> Result<void> {
        std::vector<std::string> items;
        std::size_t start = 0;
        while (start <= v.size()) {
            std::size_t space = v.find(' ', start);
            if (space == std::string_view::npos) space = v.size();
            if (space > start) items.emplace_back(v.substr(start, space - start));
            start = space + 1;
        }
        (c.*section).*member = std::move(items);
        return {};
    };
    f.get = [=](const Config& c) {
        std::string out;
        for (const auto& s : (c.*section).*member)
            out += (out.empty() ? "" : " ") + s;
        return out;
    };
    return f;
}

std::vector<Field> build_fields() {
    constexpr long long kMaxInt = 2'147'483'647;
    constexpr long long kMaxPixels = 1'000'000'000'000LL;
    return {
        text("server.host", &Config::server, &ServerConfig::host, "address to listen on"),
        integer("server.port", &Config::server, &ServerConfig::port, 0, 65535,
                "TCP port, 0 = any free port"),
        integer("server.io_threads", &Config::server, &ServerConfig::io_threads, 1, 64,
                "threads doing network I/O"),
        integer("server.header_limit", &Config::server, &ServerConfig::header_limit, 1024, 1 << 20,
                "max bytes of request line and headers"),
        integer("server.body_limit", &Config::server, &ServerConfig::body_limit, 0, kMaxInt,
                "max bytes of a request body"),
        integer("server.read_timeout_s", &Config::server, &ServerConfig::read_timeout_s, 1, 3600,
                "seconds to receive a request"),
        integer("server.idle_timeout_s", &Config::server, &ServerConfig::idle_timeout_s, 1, 3600,
                "seconds a keep-alive connection may wait for its next request"),
        integer("server.write_timeout_s", &Config::server, &ServerConfig::write_timeout_s, 1, 3600,
                "seconds to send a response"),
        integer("server.shutdown_grace_s", &Config::server, &ServerConfig::shutdown_grace_s, 0,
                3600, "seconds in-flight requests get after SIGTERM"),
        boolean("server.trust_proxy", &Config::server, &ServerConfig::trust_proxy,
                "honour X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host from proxies"),
        text("server.public_url", &Config::server, &ServerConfig::public_url,
             "canonical base of every absolute URL (https://host[:port][/prefix]); set: the Host "
             "header is ignored"),
        list("server.allowed_hosts", &Config::server, &ServerConfig::allowed_hosts,
             "without public_url: hosts (name, or name:port) whose Host header is answered and "
             "written into URLs, space separated; empty = loopback names only; * = any"),
        list("server.trusted_proxies", &Config::server, &ServerConfig::trusted_proxies,
             "CIDRs of the proxies in front (with trust_proxy; empty = the connecting peer "
             "only): the client is the first X-Forwarded-For address from the right that is "
             "not one of them"),
        integer("server.max_age_s", &Config::server, &ServerConfig::max_age_s, 0, 31'536'000,
                "Cache-Control max-age of image answers, seconds"),
        text("server.ops_user", &Config::server, &ServerConfig::ops_user,
             "HTTP Basic user for /metrics and /imageconverter/status; empty = public"),
        text("server.ops_password", &Config::server, &ServerConfig::ops_password,
             "HTTP Basic password for the operator pages"),
        text("ops.listen", &Config::server, &ServerConfig::ops_listen,
             "host:port of a separate listener for /metrics, /healthz and "
             "/imageconverter/status (then not served on the main port); empty = main port"),
        path("server.ready_file", &Config::server, &ServerConfig::ready_file,
             "file that receives the bound port once listening"),
        integer("limits.max_decoded_pixels", &Config::limits, &LimitsConfig::max_decoded_pixels, 1,
                kMaxPixels, "pixels one request may decode"),
        integer("limits.max_output_pixels", &Config::limits, &LimitsConfig::max_output_pixels, 1,
                kMaxPixels, "pixels in one answer"),
        integer("limits.max_width", &Config::limits, &LimitsConfig::max_width, 1, 100000,
                "platform limit on the width and height of any answer"),
        integer("limits.deadline_ms", &Config::limits, &LimitsConfig::deadline_ms, 1, 3'600'000,
                "per-request deadline; work is cancelled after it"),
        integer("limits.workers", &Config::limits, &LimitsConfig::workers, 0, 256,
                "image worker threads, 0 = three per core"),
        integer("limits.heavy_renders", &Config::limits, &LimitsConfig::heavy_renders, 0, 256,
                "renders that decode 2 MP or more that may run at once, 0 = one per core"),
        integer("limits.queue", &Config::limits, &LimitsConfig::queue, 0, 100000,
                "image requests that may wait for a worker before 503"),
        integer("limits.upload_queue", &Config::limits, &LimitsConfig::upload_queue, 1, 10000,
                "uploads (admin sources, preview images) that may wait for a worker, in order, "
                "before 503"),
        integer("limits.io_lane", &Config::limits, &LimitsConfig::io_lane, 1, 4096,
                "requests that may wait on remote origins at once, on threads of their own "
                "(not the image workers); more answer 503"),
        path("store.images", &Config::store, &StoreConfig::images, "source image directory"),
        path("store.data", &Config::store, &StoreConfig::data, "data directory"),
        path("catalog.url", &Config::catalog, &CatalogConfig::url,
             "state database: postgresql://… or sqlite:PATH; empty = <store.data>/catalog.sqlite",
             PathValue::SqliteUrl),
        integer("catalog.pool_size", &Config::catalog, &CatalogConfig::pool_size, 1, 256,
                "state database connections per node"),
        integer("catalog.statement_timeout_ms", &Config::catalog,
                &CatalogConfig::statement_timeout_ms, 100, 600'000, "PostgreSQL statement timeout"),
        integer("catalog.poll_ms", &Config::catalog, &CatalogConfig::poll_ms, 0, 3'600'000,
                "how often other nodes' policy changes are looked for; 0 = never"),
        list("remote.sources", &Config::remote, &RemoteConfig::sources,
             "remote mounts, \"PREFIX=URL\" with an http(s):// base URL or s3://bucket/prefix/"),
        list("remote.allowed_hosts", &Config::remote, &RemoteConfig::allowed_hosts,
             "hosts remote sources may fetch from (\"*.example.org\" too); empty = any"),
        list("remote.allowed_networks", &Config::remote, &RemoteConfig::allowed_networks,
             "internal networks (CIDR) remote sources may still connect to"),
        list("remote.resolve", &Config::remote, &RemoteConfig::resolve,
             "name resolution overrides, \"host:port:address\""),
        integer("remote.connect_timeout_ms", &Config::remote, &RemoteConfig::connect_timeout_ms,
                100, 600'000, "connect timeout per origin request"),
        integer("remote.timeout_ms", &Config::remote, &RemoteConfig::timeout_ms, 100, 3'600'000,
                "total timeout per origin request"),
        integer("remote.max_bytes", &Config::remote, &RemoteConfig::max_bytes, 1024, kMaxPixels,
                "largest remote original, bytes after content decoding"),
        integer("remote.max_redirects", &Config::remote, &RemoteConfig::max_redirects, 0, 5,
                "redirects followed per fetch"),
        integer("remote.per_origin", &Config::remote, &RemoteConfig::per_origin, 1, 1024,
                "concurrent fetches per origin host"),
        path("remote.cache_dir", &Config::remote, &RemoteConfig::cache_dir,
             "source cache directory, empty = <store.data>/sources"),
        integer("remote.cache_bytes", &Config::remote, &RemoteConfig::cache_bytes, 1024 * 1024,
                kMaxPixels, "disk bytes the source cache may use"),
        integer("remote.revalidate_s", &Config::remote, &RemoteConfig::revalidate_s, 0, 31'536'000,
                "seconds before a cached original is revalidated"),
        integer("remote.negative_ttl_s", &Config::remote, &RemoteConfig::negative_ttl_s, 0, 3600,
                "seconds a missing or failing origin is remembered"),
        integer("remote.breaker_failures", &Config::remote, &RemoteConfig::breaker_failures, 0,
                1000,
                "failures or timeouts of one origin host within remote.breaker_window_s that "
                "open its circuit breaker (0 = never)"),
        integer("remote.breaker_window_s", &Config::remote, &RemoteConfig::breaker_window_s, 1,
                3600, "seconds over which an origin's failures are counted"),
        integer("remote.breaker_cooldown_s", &Config::remote, &RemoteConfig::breaker_cooldown_s, 1,
                3600, "seconds an open breaker fails fast before one trial request"),
        integer("remote.ranged_min_bytes", &Config::remote, &RemoteConfig::ranged_min_bytes, 0,
                kMaxPixels, "TIFFs this large are read by ranged requests (0 = never)"),
        integer("remote.ranged_block_bytes", &Config::remote, &RemoteConfig::ranged_block_bytes,
                4096, 16 * 1024 * 1024, "bytes per ranged read unit"),
        text("s3.endpoint", &Config::s3, &S3Config::endpoint,
             "S3 endpoint URL, empty = https://s3.<region>.amazonaws.com"),
        text("s3.region", &Config::s3, &S3Config::region, "S3 region (SigV4)"),
        boolean("s3.path_style", &Config::s3, &S3Config::path_style,
                "path-style addressing (endpoint/bucket/key)"),
        text("s3.access_key", &Config::s3, &S3Config::access_key,
             "S3 access key, empty = $AWS_ACCESS_KEY_ID"),
        text("s3.secret_key", &Config::s3, &S3Config::secret_key,
             "S3 secret key, empty = $AWS_SECRET_ACCESS_KEY"),
        integer("engine.vips_concurrency", &Config::engine, &EngineConfig::vips_concurrency, 1, 64,
                "libvips threads per request"),
        integer("engine.jpeg_quality", &Config::engine, &EngineConfig::jpeg_quality, 1, 100,
                "JPEG quality"),
        integer("engine.webp_quality", &Config::engine, &EngineConfig::webp_quality, 1, 100,
                "WebP quality"),
        integer("engine.avif_quality", &Config::engine, &EngineConfig::avif_quality, 1, 100,
                "AVIF quality"),
        integer("engine.png_compression", &Config::engine, &EngineConfig::png_compression, 0, 9,
                "PNG zlib level"),
        list("engine.keep_metadata", &Config::engine, &EngineConfig::keep_metadata,
             "EXIF fields kept in JPEG, WebP and AVIF answers: Copyright, Artist, "
             "ImageDescription (everything else is always stripped)"),
        boolean("engine.fast_shrink_on_load", &Config::engine, &EngineConfig::fast_shrink_on_load,
                "shrink JPEGs on load as far as possible"),
        boolean("engine.jpeg_optimize", &Config::engine, &EngineConfig::jpeg_optimize,
                "optimised Huffman tables in JPEG answers, progressive up to 400x400 (fewer "
                "bytes, more encoding time)"),
        boolean("iiif.upscaling", &Config::iiif, &IiifConfig::upscaling,
                "allow sizes larger than the region (`^` in 3.0)"),
        boolean("iiif.clamp_confined_size", &Config::iiif, &IiifConfig::clamp_confined_size,
                "IIIF 3.0 `!w,h` larger than the region without `^` gives the region's size "
                "instead of 400"),
        integer("iiif.tile_size", &Config::iiif, &IiifConfig::tile_size, 64, 4096,
                "tile width and height listed in info.json"),
        list(
            "iiif.thumbnail_sizes", &Config::iiif, &IiifConfig::thumbnail_sizes,
            "IIIF sizes listed in info.json `sizes`, space separated (e.g. \"!400,400 !200,200\")"),
        boolean("iiif.listed_sizes_only", &Config::iiif, &IiifConfig::listed_sizes_only,
                "serve only the whole image at the sizes info.json lists (a level 0 service: a "
                "finite set of derivatives, no tiles)"),
        integer("iiif.manifest_image_version", &Config::iiif, &IiifConfig::manifest_image_version,
                2, 3, "Image API version (2 or 3) of the services generated manifests point at"),
        boolean("cache.enabled", &Config::cache, &CacheConfig::enabled,
                "keep rendered derivatives on disk"),
        path("cache.dir", &Config::cache, &CacheConfig::dir,
             "derivative cache directory, empty = <store.data>/cache"),
        integer("cache.max_bytes", &Config::cache, &CacheConfig::max_bytes, 1024, kMaxPixels,
                "disk bytes the derivative cache may use; least recently used go first"),
        integer("cache.memory_bytes", &Config::cache, &CacheConfig::memory_bytes, 0, kMaxPixels,
                "bytes of recently used derivatives also kept in memory"),
        boolean("cache.coalesce", &Config::cache, &CacheConfig::coalesce,
                "identical concurrent requests share one render"),
        text("cache.shared", &Config::cache, &CacheConfig::shared,
             "shared tier of the derivative cache, s3://bucket/prefix/ (empty = none)"),
        integer("cache.shared_timeout_ms", &Config::cache, &CacheConfig::shared_timeout_ms, 100,
                60000, "milliseconds per read or write of the shared tier"),
        integer("cache.shared_queue_bytes", &Config::cache, &CacheConfig::shared_queue_bytes, 0,
                kMaxPixels, "bytes of shared-tier writes waiting; more are dropped"),
        integer("pyramid.min_pixels", &Config::pyramid, &PyramidConfig::min_pixels, 0, kMaxPixels,
                "flat sources with at least this many pixels get a pyramid side-car (0 = off)"),
        path("pyramid.dir", &Config::pyramid, &PyramidConfig::dir,
             "pyramid side-car directory, empty = <store.data>/pyramids"),
        integer("pyramid.max_bytes", &Config::pyramid, &PyramidConfig::max_bytes, 1024, kMaxPixels,
                "disk bytes the side-cars may use; least recently used go first"),
        integer("pyramid.builders", &Config::pyramid, &PyramidConfig::builders, 1, 16,
                "side-cars built at the same time"),
        integer("pyramid.queue", &Config::pyramid, &PyramidConfig::queue, 1, 100000,
                "side-car builds waiting; more are dropped until asked again"),
        integer("pyramid.decoded_copy_max_pixels", &Config::pyramid,
                &PyramidConfig::decoded_copy_max_pixels, 0, kMaxPixels,
                "a viewer's side-car build holds sources up to this size decoded in memory and "
                "serves the first tiles from it (0 = never)"),
        list("display.sizes", &Config::display, &DisplayConfig::sizes,
             "named sizes of /api/display, \"name=longest-edge\" pairs, space separated"),
        list("thumbnails.steps", &Config::thumbnails, &ThumbnailsConfig::steps,
             "thumbnail widths of /v1/file, space separated"),
        boolean("thumbnails.capital_links", &Config::thumbnails, &ThumbnailsConfig::capital_links,
                "titles as a wiki with $wgCapitalLinks reads them: the first letter's case does "
                "not matter and is upper-cased in answers"),
        integer("auth.session_ttl_s", &Config::auth, &AuthConfig::session_ttl_s, 1, 31'536'000,
                "seconds a login session lasts"),
        integer("auth.token_ttl_s", &Config::auth, &AuthConfig::token_ttl_s, 1, 86400,
                "seconds an IIIF Auth access token lasts"),
        text("auth.cookie_name", &Config::auth, &AuthConfig::cookie_name,
             "name of the session cookie"),
        list("auth.allowed_origins", &Config::auth, &AuthConfig::allowed_origins,
             "origins the token service answers, space separated; empty = any origin"),
        text("auth.login_label", &Config::auth, &AuthConfig::login_label,
             "label of the active (login) access service"),
        text("auth.login_heading", &Config::auth, &AuthConfig::login_heading,
             "heading shown before the login"),
        text("auth.login_note", &Config::auth, &AuthConfig::login_note,
             "note shown before the login"),
        list("auth.kiosk_roles", &Config::auth, &AuthConfig::kiosk_roles,
             "roles the kiosk access service grants, space separated"),
        list("auth.kiosk_networks", &Config::auth, &AuthConfig::kiosk_networks,
             "client networks (CIDR) the kiosk service serves, space separated"),
        list("auth.external_roles", &Config::auth, &AuthConfig::external_roles,
             "roles clients in auth.external_networks hold, space separated"),
        list("auth.external_networks", &Config::auth, &AuthConfig::external_networks,
             "client networks (CIDR) of the external access service, space separated"),
        list("auth.clickthrough_roles", &Config::auth, &AuthConfig::clickthrough_roles,
             "roles the clickthrough access service grants to whoever accepts the terms, space "
             "separated; empty = no clickthrough service"),
        text("auth.clickthrough_heading", &Config::auth, &AuthConfig::clickthrough_heading,
             "heading of the clickthrough page"),
        text("auth.clickthrough_terms", &Config::auth, &AuthConfig::clickthrough_terms,
             "the terms the clickthrough page shows"),
        text("auth.clickthrough_label", &Config::auth, &AuthConfig::clickthrough_label,
             "label of the clickthrough page's button"),
        boolean("auth.iiif_auth_1", &Config::auth, &AuthConfig::iiif_auth_1,
                "describe and serve IIIF Auth 1.0 (/auth/v1/: Mirador, Universal Viewer)"),
        boolean("auth.iiif_auth_2", &Config::auth, &AuthConfig::iiif_auth_2,
                "describe and serve IIIF Auth 2.0 (/auth/v2/: pictor's viewer)"),
        integer("auth.kdf_cost", &Config::auth, &AuthConfig::kdf_cost, 10, 20,
                "password hashing cost: scrypt N = 2^cost"),
        integer("auth.session_cache_ms", &Config::auth, &AuthConfig::session_cache_ms, 0, 60000,
                "milliseconds a looked-up session is trusted without the database"),
        boolean("auth.prerender_thumbnails", &Config::auth, &AuthConfig::prerender_thumbnails,
                "render the thumbnail sizes when an asset is added or changed"),
        text("admin.user", &Config::admin, &AdminConfig::user,
             "admin API user (HTTP Basic); empty = admin API off"),
        text("admin.password", &Config::admin, &AdminConfig::password,
             "admin API password; empty = admin API off"),
        integer("admin.upload_bytes", &Config::admin, &AdminConfig::upload_bytes, 1024, kMaxPixels,
                "largest source upload, bytes"),
        text("admin.role", &Config::admin, &AdminConfig::role,
             "catalog role whose users may sign in to the admin console; empty = admin.user only"),
        integer("admin.console_session_s", &Config::admin, &AdminConfig::console_session_s, 60,
                7 * 24 * 3600, "seconds an admin console sign-in lasts"),
        path("ui.dir", &Config::ui, &UiConfig::dir,
             "folder of the built viewer and console (web/dist); empty = <prefix>/share/pictor/ui"),
        path("converter.dir", &Config::converter, &ConverterConfig::dir,
             "converter directory, empty = <store.data>/converter"),
        list("converter.formats", &Config::converter, &ConverterConfig::formats,
             "preview target set, FORMAT:WxH[~SCALE][~norotate][~expand][@Q], space separated"),
        integer("converter.upload_bytes", &Config::converter, &ConverterConfig::upload_bytes, 1024,
                kMaxPixels, "largest preview upload (multipart body), bytes"),
        text("converter.user", &Config::converter, &ConverterConfig::user,
             "HTTP Basic user of the converter operations anonymous clients may not use"),
        text("converter.password", &Config::converter, &ConverterConfig::password,
             "HTTP Basic password of the converter operations anonymous clients may not use"),
        list("converter.anonymous", &Config::converter, &ConverterConfig::anonymous,
             "converter operation groups open without credentials: read, write, admin"),
        integer("converter.context_max_bytes", &Config::converter,
                &ConverterConfig::context_max_bytes, 1024, kMaxPixels,
                "bytes one context of the converter may hold; least recently used keys go"),
        integer("converter.context_max_keys", &Config::converter,
                &ConverterConfig::context_max_keys, 1, 1'000'000'000,
                "keys one context of the converter may hold; least recently used keys go"),
        boolean("converter.require_auth", &Config::converter, &ConverterConfig::require_auth,
                "every converter operation needs the credentials"),
        integer("converter.workers", &Config::converter, &ConverterConfig::workers, 1, 64,
                "CPU pool workers that may run background work at once (converter sets, "
                "thumbnails ahead of demand)"),
        path("imaging.actions", &Config::imaging, &ImagingConfig::actions,
             "imaging actions and presets (JSON file); empty = none; SIGHUP reloads it"),
        boolean("imaging.catalog", &Config::imaging, &ImagingConfig::catalog,
                "answer the imaging actions catalog"),
        text("imaging.transforms", &Config::imaging, &ImagingConfig::transforms,
             "transforms appended to an action: any, named (only those the action lists under "
             "\"transforms\"), off"),
        boolean("imaging.wedia_error_codes", &Config::imaging, &ImagingConfig::wedia_error_codes,
                "answer a command set, preset or transform that cannot be read with Wedia's "
                "500/1100 instead of 400/1103"),
        list("dlcs.spaces", &Config::dlcs, &DlcsConfig::spaces,
             "DLCS customer/space to folder rules, \"CUSTOMER/SPACE=FOLDER\", first match wins; "
             "`*` matches any, {customer} and {space} are replaced"),
        integer("dlcs.default_version", &Config::dlcs, &DlcsConfig::default_version, 2, 3,
                "IIIF Image API version of DLCS URLs without a v2/ or v3/ slug"),
        boolean("expose.iiif", &Config::expose, &ExposeConfig::iiif,
                "IIIF Image API 3.0/2.1, Presentation manifests and IIIF Auth; false = 404"),
        boolean("expose.dlcs", &Config::expose, &ExposeConfig::dlcs,
                "DLCS delivery aliases (/iiif-img/, /thumbs/); false = 404"),
        boolean("expose.display", &Config::expose, &ExposeConfig::display,
                "the display API (/api/display/); false = 404"),
        boolean("expose.files", &Config::expose, &ExposeConfig::files,
                "the file and thumbnails REST API (/v1/file/, /thumb/); false = 404"),
        boolean("expose.converter", &Config::expose, &ExposeConfig::converter,
                "the converter (/imageconverter/); false = 404"),
        boolean("expose.imaging", &Config::expose, &ExposeConfig::imaging,
                "imaging actions (/app/api/json/imaging/); false = 404"),
        boolean("expose.viewer", &Config::expose, &ExposeConfig::viewer,
                "the viewer and the admin console's page (/viewer, /ui/, /admin/ui/); false = 404"),
        text("expose.originals", &Config::expose, &ExposeConfig::originals,
             "a source's own bytes (/original/): stripped (metadata removed, pixels kept), "
             "as-stored, off",
             {"stripped", "as-stored", "off"}),
        list("signing.keys", &Config::signing, &SigningConfig::keys,
             "URL signing keys, \"ID=SECRET\" (secret of 16 bytes or more); the first signs"),
        list("signing.required", &Config::signing, &SigningConfig::required,
             "dialects whose URLs must be signed: display, files, imaging, converter"),
        text("log.level", &Config::log, &LogConfig::level, "log level",
             {"trace", "debug", "info", "warn", "error", "off"}),
        boolean("log.access_log", &Config::log, &LogConfig::access_log, "one line per request"),
        text("log.format", &Config::log, &LogConfig::format,
             "json lines, plain text, or auto: text when stdout is a terminal, else json",
             {"json", "text", "auto"}),
    };
}

} // namespace

const std::vector<Field>& config_fields() {
    static const std::vector<Field> fields = build_fields();
    return fields;
}

const Field* find_field(std::string_view name) {
    for (const auto& f : config_fields())
        if (f.name == name) return &f;
    return nullptr;
}

std::string env_name(std::string_view field_name) {
    std::string out = "PICTOR_";
    for (char c : field_name)
        out.push_back(c == '.' ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
}

} // namespace pictor::config
