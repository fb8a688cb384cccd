#pragma once
// The one image path of every dialect (docs/architecture.md), written once:
//   locate (a stat) -> pre-authorise (roles alone) -> open (header, content hash)
//   -> the dialect's compile step (source -> Plan) -> authorise the Plan -> limits
//   -> validators (ETag names the viewer's tier) -> render (derivative cache, single flight).
// A dialect supplies its compile function and keeps its own extras (canonical link, file
// name); errors are only core::Error, mapped to the dialect's format by http::ImageEndpoint.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "service/pipeline_interfaces.h"

namespace pictor::service {

// What the pipeline knows about an asset before anything of it is read: the file (located by a
// stat), its policy, the viewer, and the first phase of the access check (roles alone).
// Descriptions start here (info.json, the auth probe, thumbnail lists, existence checks): some
// answer a viewer the roles refuse too (info.json with 401/403 and the auth services), so the
// verdict is carried, not enforced.
struct Glance {
    sources::SourceFile file;
    std::string id; // as the catalog knows it
    policy::SizePolicy policy;
    policy::Viewer viewer; // looked up only when the answer depends on it
    policy::ImageServiceKind service = policy::ImageServiceKind::Main;
    core::Result<void> roles; // the first phase: may the viewer's roles see this service at all
};

// What the pipeline knows about an asset once it is opened: the source, its policy and the
// viewer. Listings and originals stop here; image answers go on to compile a Plan.
struct Sight {
    SourceHandle source;
    std::string id; // as the catalog knows it
    policy::SizePolicy policy;
    policy::Viewer viewer; // looked up only when the answer depends on it
    policy::ImageServiceKind service = policy::ImageServiceKind::Main;

    // May the viewer have the whole image at `output`? (401/403 first, then 400)
    core::Result<void> allows(core::Size output) const;
    // The square `max` is confined to for this viewer.
    int max_square(bool full_region) const;
    // Answers of a restricted asset's main service depend on the viewer; its substitute service
    // gives everyone the same.
    bool depends_on_viewer() const {
        return service == policy::ImageServiceKind::Main && policy.asset().restricted();
    }
    // "" when the answer is the same for everyone, else the viewer's tier.
    std::string tier() const { return depends_on_viewer() ? policy.tier(viewer) : std::string(); }
};

// A dialect's compile step: the Plan for its request against the opened source. `canonical`
// receives the dialect's canonical form of the request when it has one (IIIF's rel="canonical").
using CompileStep = std::function<core::Result<plan::Plan>(const Sight&, std::string& canonical)>;

// A source file's own bytes (MediaWiki's /original, the display API without parameters).
struct OriginalFile {
    std::string bytes;
    core::ImageFormat format;
    Validators validators;
    bool private_answer = false;
};

// Validators of a document that is not a derivative (a listing, an original): the source's
// content hash, the viewer's tier when the document depends on it, and `shaped_by` (a digest of
// the settings that shape the document, e.g. a listing's thumbnail steps), so a configuration
// change is a new ETag.
Validators document_validators(const Sight& sight, std::string_view shaped_by = {});
// The source's bytes, if the viewer may have the whole image (401/403/400 otherwise).
core::Result<OriginalFile> read_original(const Sight& sight);

// What a dialect asks of the pipeline.
struct ImageJob {
    std::string identifier;
    bool lenient = false; // locate() without the last extension or by stem
    policy::ImageServiceKind service = policy::ImageServiceKind::Main;
    Credentials credentials;
    // The answer depends on the viewer even for an open asset (a role-gated imaging action).
    bool depends_on_viewer = false;
    CompileStep compile;
};

struct PreparedImage {
    SourceHandle source;
    std::string id;
    plan::Plan plan;
    Validators validators;
    // Private, `Vary: Cookie, Authorization`; its ETag and cache key name the viewer's tier.
    bool private_answer = false;
    std::string canonical; // what the compile step gave (IIIF: "full/max/0/default.jpg")
    // The identifier the source was located by, for a remembered answer (prepare_known): its
    // source is checked under it on every use.
    std::string located_as;
};

class ImagePipeline {
  public:
    ImagePipeline(Sources& sources, Renditions& renderer, const Access& policies,
                  const config::RuntimeLimits& limits);

    // Locate, decide the viewer and the roles' verdict; nothing of the source is read.
    core::Result<Glance> glance(const std::string& identifier, const Credentials& credentials,
                                bool lenient = false,
                                policy::ImageServiceKind service = policy::ImageServiceKind::Main);
    // Reads a glanced source's header and content hash.
    core::Result<Sight> open(Glance glance);
    // Locate, pre-authorise (refused by the roles: 401/403 before the source is read), open: for
    // listings, originals and overlays.
    core::Result<Sight> look(const std::string& identifier, const Credentials& credentials,
                             bool lenient = false,
                             policy::ImageServiceKind service = policy::ImageServiceKind::Main);
    core::Result<PreparedImage> prepare(const ImageJob& job);
    // prepare() for the network thread: only for answers that depend on nobody (an open asset)
    // and a source whose header is already known; nothing otherwise (go to a worker). A success
    // is remembered under `memo_key` (the dialect's request, e.g. its version and path).
    std::optional<core::Result<std::shared_ptr<const PreparedImage>>>
    prepare_known(const ImageJob& job, const std::string& memo_key);
    // What prepare_known() remembered under `memo_key`, while the source file (one lstat, never
    // an origin request) and the access policies are unchanged: a repeated tile request skips
    // parsing, resolving and hashing its plan. Network thread.
    std::shared_ptr<const PreparedImage> remembered(const std::string& memo_key);

    std::shared_ptr<const cache::CachedImage> from_memory(const PreparedImage& image) const;
    core::Result<ImageAnswer> render(const PreparedImage& image, Deadline deadline);

    const Access& policies() const { return policies_; }
    const Sources& sources() const { return sources_; }

  private:
    core::Result<PreparedImage> finish(const ImageJob& job, Sight sight) const;

    Sources& sources_;
    Renditions& renderer_;
    const Access& policies_;
    const config::RuntimeLimits& limits_; // the output bound, read per request
    // The one memo of prepared answers (bounded; cleared when a policy changes).
    std::mutex memo_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const PreparedImage>> memo_;
    std::uint64_t memo_generation_ = 0; // of the access policies the memo was made with
};

} // namespace pictor::service
