#pragma once
// Per-module configuration structs with in-class defaults . They are filled by
// config_loader from TOML, then PICTOR_* environment variables, then command-line flags, and
// passed into constructors; nothing reads configuration from a global.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pictor::config {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080; // 0 = any free port (see ready_file)
    int io_threads = 2;
    std::int64_t header_limit = 16 * 1024;    // bytes of request line + headers
    std::int64_t body_limit = 1024 * 1024;    // bytes of request body
    int read_timeout_s = 30;                  // to receive one whole request
    int idle_timeout_s = 60;                  // keep-alive connection without a request
    int write_timeout_s = 60;                 // to send one response
    int shutdown_grace_s = 30;                // in-flight work gets this long after SIGTERM
    bool trust_proxy = false;                 // honour X-Forwarded-For/-Proto/-Host from proxies
    std::vector<std::string> trusted_proxies; // CIDRs of proxies; empty = only the peer
    // The canonical base of every absolute URL pictor writes ("https://images.example.org" or
    // with a path prefix, "https://example.org/images"); when set, the Host header is ignored.
    std::string public_url;
    // Without public_url: the hosts ("name" = any port, "name:port") whose Host header (or a
    // trusted proxy's X-Forwarded-Host) pictor answers and writes into URLs; other hosts get
    // 400. Empty = loopback names only (localhost, 127.0.0.1, [::1]); "*" = any (unsafe).
    std::vector<std::string> allowed_hosts;
    int max_age_s = 3600;   // Cache-Control max-age of image answers
    std::string ready_file; // written with the bound port once listening
    // HTTP Basic credentials for the operator pages (/metrics, /imageconverter/status);
    // empty = public.
    std::string ops_user, ops_password;
    // "host:port" of a separate listener for the operator pages (config key `ops.listen`):
    // /metrics and /imageconverter/status move there; empty = the main port serves them.
    std::string ops_listen;
    // `ops_listen` split into address and port ("[::1]:9090" too); nothing when unset or bad.
    std::optional<std::pair<std::string, int>> ops_endpoint() const;
};

struct LimitsConfig {
    std::int64_t max_decoded_pixels = 100'000'000; // pixels decoded for one request
    std::int64_t max_output_pixels = 40'000'000;   // pixels in one answer
    int max_width = 10000;                         // platform limit on either edge
    int deadline_ms = 30000;                       // per request; work is cancelled after it
    int workers = 0;                               // image workers, 0 = three per core
    int heavy_renders = 0; // renders decoding >= 2 MP at once, 0 = one per core
    int queue = 64;        // waiting image requests before 503
    int upload_queue = 32; // waiting uploads (their own lane, in order) before 503
    // Requests waiting on a remote origin (a fetch, ranged reads, the shared cache tier) at
    // once: they wait on threads of their own, not on the image workers; more answer 503.
    int io_lane = 16;
};

struct StoreConfig {
    std::string images = "samples"; // the source image root
    std::string data = "data";      // catalog, caches
};

// The state database (state/sql.h): catalog, users, sessions, tokens, converter index.
struct CatalogConfig {
    // "postgresql://…" or "sqlite:PATH"; empty = sqlite:<store.data>/catalog.sqlite
    std::string url;
    int pool_size = 4;               // state database connections per node
    int statement_timeout_ms = 5000; // PostgreSQL statements cancelled after this
    int poll_ms = 1000; // how often other nodes' policy changes are looked for (0: never)
};

// Remote sources (sources/remote_sources): identifiers under a prefix are fetched
// from an HTTP(S) base URL or an S3 bucket, through the SSRF-guarded origin client, into a
// bounded local source cache.
struct RemoteConfig {
    // "PREFIX=URL" mounts: "web/=https://images.example.org/originals/",
    // "s3/=s3://bucket/key-prefix/".
    std::vector<std::string> sources;
    std::vector<std::string> allowed_hosts;    // empty = any public host
    std::vector<std::string> allowed_networks; // internal networks pictor may still reach
    std::vector<std::string> resolve;          // libcurl "host:port:address" overrides
    int connect_timeout_ms = 5000;
    int timeout_ms = 30000;
    std::int64_t max_bytes = 512LL * 1024 * 1024; // per original, after content decoding
    int max_redirects = 5;
    int per_origin = 8;    // concurrent fetches per host
    std::string cache_dir; // empty = <store.data>/sources
    std::int64_t cache_bytes = 10LL * 1024 * 1024 * 1024;
    int revalidate_s = 300;  // a cached original is revalidated with the origin after this
    int negative_ttl_s = 10; // a missing or failing origin is asked again after this
    // Circuit breaker per origin host: after `breaker_failures` failures or timeouts within
    // `breaker_window_s`, requests to it fail fast (502/504) for `breaker_cooldown_s`, then one
    // trial request decides whether it is closed again (0 failures = never open).
    int breaker_failures = 5;
    int breaker_window_s = 30;
    int breaker_cooldown_s = 15;
    // TIFFs at least this large are read with ranged requests, never downloaded whole (0: off).
    std::int64_t ranged_min_bytes = 16LL * 1024 * 1024;
    int ranged_block_bytes = 64 * 1024;                              // the unit of a ranged read
    std::vector<std::pair<std::string, std::string>> mounts() const; // sources as {prefix, URL}
};

// S3-compatible object storage for `s3://` mounts.
struct S3Config {
    std::string endpoint; // empty = https://s3.<region>.amazonaws.com
    std::string region = "us-east-1";
    bool path_style = false; // endpoint/bucket/key instead of bucket.endpoint/key
    std::string access_key;  // empty = $AWS_ACCESS_KEY_ID
    std::string secret_key;  // empty = $AWS_SECRET_ACCESS_KEY
};

struct EngineConfig {
    int vips_concurrency = 1; // libvips threads per request; the worker pool already fans out
    int jpeg_quality = 80;
    int webp_quality = 80;
    int avif_quality = 50;
    int png_compression = 6;
    bool fast_shrink_on_load = true; // false leaves a 2x margin for the final resize
    bool jpeg_optimize = false;      // optimised Huffman tables; progressive thumbnails
    // EXIF fields kept in answers (Copyright, Artist, ImageDescription); the rest is stripped.
    std::vector<std::string> keep_metadata;
};

struct IiifConfig {
    bool upscaling = true; // `^` in 3.0, sizes above full in 2.1
    // 3.0 `!w,h` beyond the region without `^`: 400 (the validator's reading) unless true.
    bool clamp_confined_size = false;
    int tile_size = 512;
    std::vector<std::string> thumbnail_sizes = {"!1024,1024", "!400,400", "!200,200", "!100,100"};
    // The Image API version of the services the generated Presentation manifests point at.
    int manifest_image_version = 3;
    // Level 0 style: image requests may only ask the whole image at a size info.json lists
    // (no tiles, no other region, size or rotation), for a finite set of derivatives.
    bool listed_sizes_only = false;
};

// The derivative cache on local disk (cache/derivative_cache).
struct CacheConfig {
    bool enabled = true;
    std::string dir;                                // empty = <store.data>/cache
    std::int64_t max_bytes = 1024LL * 1024 * 1024;  // least recently used entries go first
    std::int64_t memory_bytes = 64LL * 1024 * 1024; // hot entries also kept in memory
    bool coalesce = true; // identical concurrent misses share one render (single-flight)
    // The shared tier every node reads on a local miss: "s3://bucket/prefix/" (the [s3]
    // endpoint and credentials), empty = none.
    std::string shared;
    int shared_timeout_ms = 2000;                         // per read or write of the shared tier
    std::int64_t shared_queue_bytes = 64LL * 1024 * 1024; // writes waiting; more are dropped
};

// Pyramid side-cars (service/pyramid_sidecars): a large flat source is converted once, in the
// background, into a tiled pyramidal TIFF, and every later request of it reads that instead.
struct PyramidConfig {
    std::int64_t min_pixels = 8'000'000; // flat sources at least this large get one; 0 = off
    std::string dir;                     // empty = <store.data>/pyramids
    std::int64_t max_bytes = 10LL * 1024 * 1024 * 1024; // least recently used go first
    int builders = 1;                                   // builds at the same time
    int queue = 64;                                     // builds waiting; more are dropped
    // A viewer's build (on an info.json) holds sources up to this many pixels decoded in memory
    // (3 bytes a pixel, plus a third for the halvings) while it writes, and the first tiles are
    // cut from that copy; 0 = never.
    std::int64_t decoded_copy_max_pixels = 40'000'000;
};

// The display API (/api/display): named sizes as "name=longest-edge" pairs.
struct DisplayConfig {
    std::vector<std::string> sizes = {"thumbnail=200", "table=100"};

    std::vector<std::pair<std::string, int>> named_sizes() const; // parsed, in order
};

// The file and thumbnails REST API (/v1/file): MediaWiki's thumbnail steps.
struct ThumbnailsConfig {
    std::vector<std::string> steps = {"20",  "40",  "60",   "120",  "250", "330",
                                      "500", "960", "1280", "1920", "3840"};

    // MediaWiki's $wgCapitalLinks: a title's first letter is upper-cased (and its case does not
    // tell two files apart).
    bool capital_links = true;

    std::vector<int> widths() const; // parsed: sorted, unique, positive
};

// Access policy and IIIF Authorization Flow 2.0 (policy/, service/access_service).
struct AuthConfig {
    int session_ttl_s = 3600; // a login lasts this long
    int token_ttl_s = 300;    // access tokens (for the probe service) live this long
    std::string cookie_name = "pictor_session";
    std::vector<std::string> allowed_origins; // token service origins; empty = any origin
    std::string login_label = "Log in";
    std::string login_heading = "This image is restricted";
    std::string login_note = "Log in with your pictor account to see it.";
    // `kiosk` access service: clients in these networks get a session with these roles without
    // interaction (managed devices). Off unless both are set.
    std::vector<std::string> kiosk_roles, kiosk_networks;
    // `external` access service: clients in these networks already hold these roles.
    std::vector<std::string> external_roles, external_networks;
    // `clickthrough` access service: whoever accepts the terms gets a session with these roles
    // (off while empty).
    std::vector<std::string> clickthrough_roles;
    std::string clickthrough_heading = "Terms of use";
    std::string clickthrough_terms = "By continuing you accept the terms of use of these images.";
    std::string clickthrough_label = "Accept";
    // The IIIF Auth versions described in info.json and served: 2.0 (/auth/v2/, pictor's own
    // viewer) and 1.0 (/auth/v1/, Mirador 3/4 and the Universal Viewer).
    bool iiif_auth_1 = true;
    bool iiif_auth_2 = true;
    int kdf_cost = 15; // scrypt N = 2^kdf_cost (memory: 128 * 8 * N bytes)
    // A session this node looked up is trusted this long without asking the state database
    // again (a logout elsewhere applies here within it); 0 = ask every time.
    int session_cache_ms = 1000;
    // Thumbnails rendered ahead of demand when an asset is added or changed.
    bool prerender_thumbnails = true;
};

// The admin API under /admin/ (HTTP Basic). Off unless a user and password are configured.
struct AdminConfig {
    std::string user;
    std::string password;
    std::int64_t upload_bytes = 256LL * 1024 * 1024; // largest source upload
    // Catalog users holding this role may sign in to the admin console (/admin/ui/) with their
    // own password, besides admin.user; empty = admin.user only.
    std::string role = "admin";
    int console_session_s = 8 * 3600; // a console sign-in lasts this long
};

// The browser pages (docs/browser.md): the viewer, the admin console and their built files.
struct UiConfig {
    // The front-end build (web/, `make web`): empty = the installed copy, share/pictor/ui
    // beside the binary's bin/.
    std::string dir;
};

// The converter (/imageconverter/, docs/converter.md).
struct ConverterConfig {
    std::string dir; // empty = <store.data>/converter
    // The target set rendered for every uploaded key.
    std::vector<std::string> formats = {"auto:200x150", "auto:200x150~cover", "auto:800x800",
                                        "auto:1920x1080", "auto:1920x1080~cover"};
    std::int64_t upload_bytes = 64LL * 1024 * 1024;
    std::string user, password; // HTTP Basic of the operations anonymous clients may not use
    // The operation groups clients without the credentials may use: "read" (getImage,
    // getImageAndMetadata, getMetadata, getKeyCount), "write" (cacheImage, cacheAndGet*),
    // "admin" (getKeys, clearImages, clearImagesByKey). OX's ImageConverter is a back-end
    // service: only reads are anonymous unless the operator opens more.
    std::vector<std::string> anonymous = {"read"};
    bool require_auth = false; // every operation needs the credentials (anonymous = [])
    // Each context's bound: past either, the least recently used keys of that context go.
    std::int64_t context_max_bytes = 2LL * 1024 * 1024 * 1024;
    int context_max_keys = 100000;
    int workers = 1; // background rendering threads
};

// DLCS delivery URLs (/iiif-img/, /thumbs/, /auth/v2/probe/{customer}/{space}/{image}):
// "CUSTOMER/SPACE=FOLDER" rules, first match wins; `*` matches any customer or space, and the
// folder may name them as {customer} and {space}. An empty folder is the image root.
// One parsed dlcs.spaces rule.
struct DlcsSpace {
    std::string customer, space, folder; // "*" = any
};

struct DlcsConfig {
    std::vector<std::string> spaces = {"*/*={customer}/{space}"};
    int default_version = 3; // IIIF Image API version of unversioned URLs

    std::vector<DlcsSpace> parsed_spaces() const; // in the configured order
};

struct ImagingConfig {
    std::string actions; // the actions and presets JSON file; empty = no actions
    bool catalog = true; // GET /app/api/json/catalog/imaging; false = 403 403/601
    // Transforms appended to an action: "any" (as Wedia), "named" (only those the action lists
    // under "transforms"), "off" (none).
    std::string transforms = "any";
    // Wedia's own code for a command set, preset or transform that cannot be read: 500/1100
    // ("error with command, preset or image"); pictor's default is 400/1103 (the caller's mistake).
    bool wedia_error_codes = false;
};

// What this installation offers (docs/security.md): a dialect switched off is 404 and absent from
// the landing page and the OpenAPI document.
struct ExposeConfig {
    bool iiif = true;      // /iiif/3, /iiif/2, /iiif/presentation/3 and IIIF Auth (/auth/)
    bool dlcs = true;      // DLCS delivery aliases: /iiif-img/, /thumbs/
    bool display = true;   // /api/display/
    bool files = true;     // /v1/file/, /thumb/
    bool converter = true; // /imageconverter/
    bool imaging = true;   // /app/api/json/imaging/ and the legacy .jspz pages
    bool viewer = true;    // /viewer, /ui/ and the admin console's page (/admin/ui/)
    // A source's own bytes (/original/, the display API without parameters): "stripped" (no
    // EXIF/XMP/IPTC/comments; JPEG, PNG and WebP keep their compressed pixels, other formats are
    // saved again losslessly), "as-stored", or "off" (the display API renders instead).
    std::string originals = "stripped";
};

// Signed URLs (policy/url_signature.h, docs/security.md).
struct SigningConfig {
    // "ID=SECRET" (a secret of at least 16 bytes); the first signs (`pictor sign`), every one
    // listed verifies: add the new key first, remove the old one once its URLs are gone.
    std::vector<std::string> keys;
    // The dialects whose requests must be signed: display, files, imaging (requests with a
    // transform), converter (reads). IIIF is not among them: viewers build tile URLs themselves.
    std::vector<std::string> required;
};

struct LogConfig {
    std::string level = "info"; // trace, debug, info, warn, error, off
    bool access_log = true;
    std::string format = "auto"; // json, text, auto (text when stdout is a terminal)
};

struct Config {
    ServerConfig server;
    LimitsConfig limits;
    StoreConfig store;
    CatalogConfig catalog;
    RemoteConfig remote;
    S3Config s3;
    EngineConfig engine;
    IiifConfig iiif;
    CacheConfig cache;
    PyramidConfig pyramid;
    DisplayConfig display;
    ThumbnailsConfig thumbnails;
    AuthConfig auth;
    AdminConfig admin;
    UiConfig ui;
    ConverterConfig converter;
    ImagingConfig imaging;
    DlcsConfig dlcs;
    ExposeConfig expose;
    SigningConfig signing;
    LogConfig log;

    // The list settings' parsed forms are on their sections (DisplayConfig::named_sizes,
    // ThumbnailsConfig::widths, DlcsConfig::parsed_spaces, RemoteConfig::mounts); validate()
    // guarantees they parse.
    std::string cache_dir() const;
    std::string source_cache_dir() const; // remote.cache_dir or <store.data>/sources
    std::string pyramid_dir() const;      // pyramid.dir or <store.data>/pyramids
    std::string catalog_path() const;     // <store.data>/catalog.sqlite
    std::string catalog_url() const;      // catalog.url, or sqlite:catalog_path()
    std::string converter_dir() const;
    bool admin_enabled() const { return !admin.user.empty() && !admin.password.empty(); }
    // `ops.listen` split into address and port ("[::1]:9090" too); nothing when unset or bad.
    std::optional<std::pair<std::string, int>> ops_endpoint() const;

    // Cross-field checks; the message names the key at fault.
    core::Result<void> validate() const;
    // validate() plus what only a server needs (an existing image directory).
    core::Result<void> validate_for_serving() const;
};

} // namespace pictor::config
