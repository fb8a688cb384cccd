#include "service/iiif_service.h"

#include <algorithm>

#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/iiif_parser.h"
#include "service/auth_descriptions.h"
#include "service/policy_check.h"

namespace pictor::service {

using core::Result;
using policy::ImageServiceKind;
namespace iiif = dialects::iiif;

namespace {

constexpr std::string_view kSubstitute = "/substitute";

} // namespace

IiifService::IiifService(const config::Config& config, ImageService& images,
                         ImagePipeline& pipeline, AccessService& access)
    : iiif_(config.iiif), limits_(config.limits), images_(images), pipeline_(pipeline),
      access_(access) {}

iiif::ResolveOptions IiifService::resolve_options(const policy::SizePolicy& policy,
                                                  ImageServiceKind service) const {
    iiif::ResolveOptions o;
    o.max_width = o.max_height = policy.service_bound(service);
    o.max_area = limits_.max_output_pixels;
    o.upscaling = iiif_.upscaling;
    o.clamp_confined = iiif_.clamp_confined_size;
    o.formats = images_.engine().writable_formats();
    return o;
}

IiifTarget IiifService::target(const std::string& identifier) const {
    if (identifier.size() > kSubstitute.size() && identifier.ends_with(kSubstitute)) {
        std::string main = identifier.substr(0, identifier.size() - kSubstitute.size());
        if (access_.policy_for(main).asset().has_substitute())
            return {std::move(main), ImageServiceKind::Substitute};
    }
    return {identifier, ImageServiceKind::Main};
}

Result<InfoAnswer> IiifService::info(iiif::Version version, const iiif::IiifPath& path,
                                     const std::string& base_uri, const std::string& server_base,
                                     const Credentials& credentials) {
    IiifTarget t = target(path.identifier);
    auto source = images_.open(t.identifier);
    if (!source) return source.error();
    // A viewer asks for tiles next: a large flat source's side-car is started now.
    images_.request_pyramid(*source, BuildFor::Viewer);
    auto policy = access_.policy_for(images_.catalog_id(source->file));
    iiif::InfoInput in;
    in.id = base_uri;
    in.image = source->info.size;
    in.tile_size = iiif_.tile_size;
    in.limits = resolve_options(policy, t.service);
    in.sizes = public_thumbnail_sizes(policy, source->info.size, iiif_.thumbnail_sizes);
    InfoAnswer answer;
    if (iiif_.listed_sizes_only) {
        // A level 0 service of the listed sizes: no tiles, `max` the largest of them.
        answer.body = iiif::build_sizes_only_info(version, base_uri, in.image,
                                                  in.sizes.value_or(std::vector<core::Size>{}));
        if (t.service == ImageServiceKind::Main && policy.asset().restricted()) {
            auto auth = describe_auth(access_, server_base, path.raw_identifier,
                                      version == iiif::Version::V3);
            iiif::add_services(answer.body, version, auth.services, auth.context);
            answer.restricted = true;
            answer.status = policy.probe_status(access_.viewer(credentials));
        }
        return answer;
    }
    if (t.service != ImageServiceKind::Main || !policy.asset().restricted()) {
        answer.body = iiif::build_info(version, in);
        return answer;
    }
    auto auth =
        describe_auth(access_, server_base, path.raw_identifier, version == iiif::Version::V3);
    in.services = auth.services;
    in.services_context = auth.context;
    answer.restricted = true;
    answer.status = policy.probe_status(access_.viewer(credentials));
    answer.body =
        answer.status == 200 ? iiif::build_info(version, in) : degraded_info(version, in, policy);
    return answer;
}

nlohmann::json IiifService::degraded_info(iiif::Version version, const iiif::InfoInput& in,
                                          const policy::SizePolicy& policy) const {
    int open = policy.open_full_square();
    if (open <= 0) return iiif::build_info(version, in); // nothing open: the service itself
    // The service itself, its coarsest tile level open to anyone (a full-region answer within
    // the open square) and the open sizes up to the largest: a client draws that level now
    // and, once it holds the rights, finer tiles of the same service (Mirador 4 keeps the
    // image it opened first, so a different degraded service would never be replaced).
    iiif::InfoInput degraded = in;
    degraded.coarsest_within = open;
    // What this viewer may have: every listed size within the open square.
    degraded.limits.max_width = std::min(degraded.limits.max_width, open);
    degraded.limits.max_height = std::min(degraded.limits.max_height, open);
    auto sizes = in.sizes.value_or(std::vector<core::Size>{});
    std::string square = "!" + std::to_string(open) + "," + std::to_string(open);
    for (auto largest : iiif::listed_sizes(in.image, {square}, in.limits))
        if (std::find(sizes.begin(), sizes.end(), largest) == sizes.end()) sizes.push_back(largest);
    degraded.sizes = std::move(sizes);
    return iiif::build_info(version, degraded);
}

ImageJob IiifService::job(iiif::Version version, const iiif::ImageRequest& request,
                          const IiifTarget& target, const Credentials& credentials,
                          std::string& canonical) const {
    ImageJob job;
    job.identifier = target.identifier;
    job.service = target.service;
    job.credentials = credentials;
    job.compile = [this, version, &request, &canonical,
                   identifier = target.identifier](const Sight& sight) -> Result<plan::Plan> {
        auto options = resolve_options(sight.policy, sight.service);
        options.max_square = sight.max_square(request.region.kind == iiif::RegionSpec::Kind::Full);
        std::vector<core::Size> listed;
        if (iiif_.listed_sizes_only) {
            listed =
                public_thumbnail_sizes(sight.policy, sight.source.info.size, iiif_.thumbnail_sizes);
            if (!listed.empty()) { // `max` is the largest listed size (info.json's maxWidth)
                options.max_width = std::min(options.max_width, listed.back().width);
                options.max_height = std::min(options.max_height, listed.back().height);
            }
        }
        auto resolved =
            iiif::resolve(version, request, identifier, sight.source.info.size, options);
        if (!resolved) return resolved.error();
        if (iiif_.listed_sizes_only) {
            bool whole = request.region.kind == iiif::RegionSpec::Kind::Full &&
                         request.rotation.degrees == 0 && !request.rotation.mirror;
            if (!whole || std::find(listed.begin(), listed.end(), resolved->output) == listed.end())
                return core::Error::bad_request(
                    "this server serves the whole image at the sizes its info.json lists only");
        }
        canonical = std::move(resolved->canonical_params);
        return std::move(resolved->plan);
    };
    return job;
}

Result<IiifImage> IiifService::prepare_image(iiif::Version version, const iiif::IiifPath& path,
                                             const Credentials& credentials) {
    // Syntax first: a malformed request is a 400 even for an unknown identifier.
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return request.error();
    std::string canonical;
    auto prepared =
        pipeline_.prepare(job(version, *request, target(path.identifier), credentials, canonical));
    if (!prepared) return prepared.error();
    return IiifImage{std::move(*prepared), std::move(canonical)};
}

std::optional<Result<std::shared_ptr<const IiifImage>>>
IiifService::prepare_image_known(iiif::Version version, const iiif::IiifPath& path) {
    using Shared = std::shared_ptr<const IiifImage>;
    std::string memo_key = std::to_string(static_cast<int>(version)) + "/" + path.identifier + "/" +
                           path.region + "/" + path.size + "/" + path.rotation + "/" +
                           path.quality_format;
    Shared remembered;
    std::uint64_t generation = access_.generation();
    {
        std::lock_guard lock(resolved_mutex_);
        if (resolved_generation_ != generation) { // a policy changed: decide everything anew
            resolved_.clear();
            resolved_generation_ = generation;
        }
        if (auto it = resolved_.find(memo_key); it != resolved_.end()) remembered = it->second;
    }
    if (remembered) {
        const auto& was = remembered->image.source.file;
        auto known = images_.locate_known(path.identifier, false); // never an origin request
        if (!known) return std::nullopt;
        const auto& file = *known;
        if (file && file->path == was.path && file->mtime_ns == was.mtime_ns &&
            file->bytes == was.bytes && file->origin_version == was.origin_version)
            return Result<Shared>(std::move(remembered));
    }
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return Result<Shared>(request.error());
    IiifTarget t = target(path.identifier);
    if (t.service != ImageServiceKind::Main) return std::nullopt;
    std::string canonical;
    auto prepared = pipeline_.prepare_known(job(version, *request, t, {}, canonical));
    if (!prepared) return std::nullopt;
    if (!*prepared) return Result<Shared>(prepared->error());
    auto shared = std::make_shared<const IiifImage>(IiifImage{std::move(**prepared), canonical});
    std::lock_guard lock(resolved_mutex_);
    if (resolved_.size() >= 16384) resolved_.clear(); // bounded; refilled on demand
    if (resolved_generation_ == generation) resolved_[memo_key] = shared;
    return Result<Shared>(std::move(shared));
}

Result<int> IiifService::prerender_thumbnails(const std::string& identifier, Deadline deadline) {
    auto source = images_.open(identifier);
    if (!source) return source.error();
    auto policy = access_.policy_for(images_.catalog_id(source->file));
    int rendered = 0;
    for (auto size : public_thumbnail_sizes(policy, source->info.size, iiif_.thumbnail_sizes)) {
        auto request = iiif::parse_image_request(
            "full", std::to_string(size.width) + "," + std::to_string(size.height), "0",
            "default.jpg", iiif::Version::V3);
        if (!request) return request.error();
        std::string canonical;
        auto prepared = pipeline_.prepare(
            job(iiif::Version::V3, *request, {identifier, ImageServiceKind::Main}, {}, canonical));
        if (!prepared) return prepared.error();
        auto answer = pipeline_.render(*prepared, deadline);
        if (!answer) return answer.error();
        ++rendered;
    }
    return rendered;
}

IiifService::Probe IiifService::probe(const std::string& identifier,
                                      const std::optional<std::string>& token) {
    auto source = images_.open(identifier);
    if (!source) return {source.error().code == core::ErrorCode::NotFound ? 404 : 400, false};
    auto policy = access_.policy_for(images_.catalog_id(source->file));
    policy::Viewer viewer;
    if (token)
        if (auto v = access_.viewer_for_token(*token)) viewer = std::move(*v);
    int status = policy.probe_status(viewer);
    return {status, status != 200 && policy.asset().has_substitute()};
}

Result<void> IiifService::exists(const iiif::IiifPath& path) {
    auto source = images_.open(target(path.identifier).identifier);
    if (!source) return source.error();
    return {};
}

} // namespace pictor::service
