#pragma once
// The three things the image pipeline stands on, as interfaces so it can be tested alone with
// fakes (tests/unit/service/): where sources come from (SourceService), where pixels come from
// (RenditionService: cache, single flight, engine) and who may see what (AccessService).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cache/derivative_cache.h"
#include "core/result.h"
#include "engine/source_info.h"
#include "plan/plan.h"
#include "policy/asset_policy.h"
#include "sources/source_store.h"

namespace pictor::service {

using Deadline = std::chrono::steady_clock::time_point;

// A tiled pyramid built from a large flat source (service/pyramid_sidecars): renders read it
// instead of the source. Same displayed size; upright, sRGB.
struct PyramidSidecar {
    std::filesystem::path path;
    engine::SourceInfo info;
};

struct SourceHandle {
    sources::SourceFile file;
    engine::SourceInfo info;
    std::string content_hash; // SHA-256 of the source's bytes, hex
    // The source's side-car when one is built: renders read it. Its answers are the flat
    // source's within JPEG's loss (PSNR >= 40 dB), so they keep the derivative's key and ETag:
    // clients and the cache keep what they have when a side-car appears.
    std::shared_ptr<const PyramidSidecar> pyramid;
};

struct Validators {
    std::string etag;                 // strong, quoted
    std::int64_t last_modified_s = 0; // source modification time, seconds since the epoch
    std::string key;                  // the derivative's cache key (empty for non-derivatives)
    // The answer may change under the same URL at any time (a converter key is replaced): caches
    // keep it but revalidate before each use (no-cache) instead of for max-age.
    bool revalidate = false;
};

struct ImageAnswer {
    std::shared_ptr<const cache::CachedImage> image;
    Validators validators;
    std::int64_t decoded_pixels = 0; // 0 when the answer came from the cache
    bool from_cache = false;
};

// Who is asking, as far as the server can tell from the request.
struct Credentials {
    std::string session_secret; // the session cookie's value, empty if none
    // An IIIF access token sent as `Authorization: Bearer` (Auth 1.0 clients send it with
    // info.json); it stands for the session it was issued to. Empty if none.
    std::string access_token;
    std::string address; // the client's IP address
    // The viewer to answer as, instead of the one the cookie and address name: set only by the
    // admin console's "as seen by" routes, after the admin has signed in; never from a request.
    std::optional<policy::Viewer> assumed;
};

class Sources {
  public:
    virtual ~Sources() = default;
    // locate() when it needs no origin request (local files; remote originals fresh in the
    // source cache); nothing when it would, so a network thread may ask it.
    virtual std::optional<core::Result<sources::SourceFile>>
    locate_known(std::string_view identifier, bool lenient) const = 0;
    // Whether the identifier still names `was`, unchanged, as far as can be told at once (no
    // origin request, no walk of the path): a remembered answer is checked this way on every
    // request; false sends it the long way.
    virtual bool unchanged(std::string_view identifier, const sources::SourceFile& was) const = 0;
    // The file an identifier names, found without reading it (a stat; for a remote source, a
    // source cache lookup, fetching or revalidating when needed). `lenient`: an identifier
    // that is not found is retried without its last extension and then by stem (display API,
    // imaging).
    virtual core::Result<sources::SourceFile> locate(std::string_view identifier,
                                                     bool lenient) const = 0;
    // The identifier the catalog knows the file by: its path under the image root.
    virtual std::string catalog_id(const sources::SourceFile& file) const = 0;
    // Reads the header and hashes the bytes (both remembered by file version).
    virtual core::Result<SourceHandle> open(const sources::SourceFile& file) = 0;
    // As open(), but only when already remembered: nothing when it would have to read.
    virtual std::optional<SourceHandle> open_known(const sources::SourceFile& file) const = 0;
};

class Renditions {
  public:
    virtual ~Renditions() = default;
    // ETag, Last-Modified and cache key of a derivative; `tier` names what the answer depends
    // on besides the plan (policy::SizePolicy::tier), so answers of two tiers never share one.
    virtual Validators validators(const SourceHandle& source, const plan::Plan& plan,
                                  std::string_view tier) const = 0;
    // From the cache's memory tier only: no disk or CPU work (network thread). Only the image:
    // the caller has the validators it asked with.
    virtual std::shared_ptr<const cache::CachedImage>
    from_memory(const Validators& validators) const = 0;
    virtual core::Result<ImageAnswer> render(const SourceHandle& source, const plan::Plan& plan,
                                             const Validators& validators, Deadline deadline) = 0;
};

class Access {
  public:
    virtual ~Access() = default;
    // The policy of a catalog identifier; open when not catalogued. In memory, no SQL.
    virtual policy::SizePolicy policy_for(const std::string& identifier) const = 0;
    // The viewer behind the credentials (may read the catalog: never on a network thread).
    virtual policy::Viewer viewer(const Credentials& credentials) const = 0;
    // Moves whenever a policy changes: what was decided under another generation is stale.
    virtual std::uint64_t generation() const = 0;
};

} // namespace pictor::service
