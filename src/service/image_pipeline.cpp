#include "service/image_pipeline.h"

#include <fstream>
#include <sstream>

#include "plan/output_size.h"
#include "service/policy_check.h"

namespace pictor::service {

Validators document_validators(const Sight& sight, std::string_view shaped_by) {
    std::string tier = sight.tier();
    return {"\"" + sight.source.content_hash + (shaped_by.empty() ? "" : "-") +
                std::string(shaped_by) + (tier.empty() ? "" : "." + tier) + "\"",
            sight.source.file.mtime_ns / 1'000'000'000,
            {}};
}

core::Result<OriginalFile> read_original(const Sight& sight) {
    if (auto allowed = sight.allows(sight.source.info.size); !allowed) return allowed.error();
    if (sight.source.file.ranged) // a large pyramid read by ranges is never fetched whole
        return core::Error{core::ErrorCode::TooLarge,
                           "this original is too large to send whole; ask for a rendition",
                           sight.source.file.location()};
    std::ifstream in(sight.source.file.path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof())
        return core::Error::internal("cannot read " + sight.source.file.path.string());
    return OriginalFile{std::move(bytes).str(), sight.source.info.format,
                        document_validators(sight), sight.depends_on_viewer()};
}

using core::Error;
using core::Result;

namespace {

Error about_source(Error e) { return std::move(e).about(core::Subject::Source); }

} // namespace

Result<void> Sight::allows(core::Size output) const {
    return policy.authorise(viewer, service, {true, output});
}

int Sight::max_square(bool full_region) const {
    return policy.max_square(viewer, service, full_region);
}

ImagePipeline::ImagePipeline(Sources& sources, Renditions& renderer, const Access& policies,
                             const config::RuntimeLimits& limits)
    : sources_(sources), renderer_(renderer), policies_(policies), limits_(limits) {}

Result<Glance> ImagePipeline::glance(const std::string& identifier, const Credentials& credentials,
                                     bool lenient, policy::ImageServiceKind service) {
    auto file = sources_.locate(identifier, lenient);
    if (!file) return about_source(file.error());
    std::string id = sources_.catalog_id(*file);
    auto policy = policies_.policy_for(id);
    policy::Viewer viewer;
    if (policy.asset().restricted() && service == policy::ImageServiceKind::Main)
        viewer = policies_.viewer(credentials);
    auto roles = policy.pre_authorise(viewer, service);
    return Glance{std::move(*file),  std::move(id), std::move(policy),
                  std::move(viewer), service,       std::move(roles)};
}

Result<Sight> ImagePipeline::open(Glance glance) {
    auto source = sources_.open(glance.file);
    if (!source) return about_source(source.error());
    return Sight{std::move(*source), std::move(glance.id), std::move(glance.policy),
                 std::move(glance.viewer), glance.service};
}

Result<Sight> ImagePipeline::look(const std::string& identifier, const Credentials& credentials,
                                  bool lenient, policy::ImageServiceKind service) {
    auto glanced = glance(identifier, credentials, lenient, service);
    if (!glanced) return glanced.error();
    // First phase: roles alone decide before the source is read.
    if (!glanced->roles) return glanced->roles.error();
    return open(std::move(*glanced));
}

Result<PreparedImage> ImagePipeline::prepare(const ImageJob& job) {
    auto sight = look(job.identifier, job.credentials, job.lenient, job.service);
    if (!sight) return sight.error();
    return finish(job, std::move(*sight));
}

std::shared_ptr<const PreparedImage> ImagePipeline::remembered(const std::string& memo_key) {
    std::shared_ptr<const PreparedImage> kept;
    {
        std::lock_guard lock(memo_mutex_);
        if (memo_generation_ != policies_.generation()) { // a policy changed: decide anew
            memo_.clear();
            memo_generation_ = policies_.generation();
        }
        if (auto it = memo_.find(memo_key); it != memo_.end()) kept = it->second;
    }
    if (!kept) return nullptr;
    return sources_.unchanged(kept->located_as, kept->source.file) ? kept : nullptr;
}

std::optional<Result<std::shared_ptr<const PreparedImage>>>
ImagePipeline::prepare_known(const ImageJob& job, const std::string& memo_key) {
    using Shared = std::shared_ptr<const PreparedImage>;
    if (job.depends_on_viewer || job.service != policy::ImageServiceKind::Main) return std::nullopt;
    std::uint64_t generation = policies_.generation();
    auto known = sources_.locate_known(job.identifier, job.lenient);
    if (!known) return std::nullopt;
    auto& file = *known;
    if (!file) return Result<Shared>(about_source(file.error()));
    std::string id = sources_.catalog_id(*file);
    auto policy = policies_.policy_for(id);
    // The viewer may need the catalog: restricted assets always go to a worker.
    if (policy.asset().restricted()) return std::nullopt;
    auto source = sources_.open_known(*file);
    if (!source) return std::nullopt;
    auto prepared =
        finish(job, Sight{std::move(*source), std::move(id), std::move(policy), {}, job.service});
    if (!prepared) return Result<Shared>(prepared.error());
    prepared->located_as = job.identifier;
    auto shared = std::make_shared<const PreparedImage>(std::move(*prepared));
    std::lock_guard lock(memo_mutex_);
    if (memo_.size() >= 16384) memo_.clear(); // bounded; refilled on demand
    if (memo_generation_ == generation) memo_[memo_key] = shared;
    return Result<Shared>(std::move(shared));
}

Result<PreparedImage> ImagePipeline::finish(const ImageJob& job, Sight sight) const {
    std::string canonical;
    auto plan = job.compile(sight, canonical);
    if (!plan) {
        // A size the dialect finds too large is beyond the open part of the asset: a viewer
        // without a role is told about the roles, not the size.
        if (plan.error().code == core::ErrorCode::TooLarge)
            if (auto roles = sight.policy.authorise_roles(sight.viewer, sight.service); !roles)
                return roles.error();
        return plan.error();
    }
    // Second phase: the Plan's region and output size against the policy.
    core::Size image = sight.source.info.size;
    policy::SizeRequest request{full_region(*plan, image), plan::output_size(*plan, image)};
    if (auto allowed = sight.policy.authorise(sight.viewer, sight.service, request); !allowed)
        return allowed.error();
    if (std::int64_t most = limits_.max_output_pixels(); request.output.area() > most)
        return Error::too_large("the answer would have " + std::to_string(request.output.area()) +
                                " pixels, above the limit of " + std::to_string(most));
    bool private_answer = job.depends_on_viewer || sight.depends_on_viewer();
    std::string tier = sight.tier();
    if (tier.empty() && job.depends_on_viewer) tier = "private";
    Validators validators = renderer_.validators(sight.source, *plan, tier);
    return PreparedImage{std::move(sight.source), std::move(sight.id), std::move(*plan),
                         std::move(validators),   private_answer,      std::move(canonical)};
}

std::shared_ptr<const cache::CachedImage>
ImagePipeline::from_memory(const PreparedImage& image) const {
    return renderer_.from_memory(image.validators);
}

Result<ImageAnswer> ImagePipeline::render(const PreparedImage& image, Deadline deadline) {
    return renderer_.render(image.source, image.plan, image.validators, deadline);
}

} // namespace pictor::service
