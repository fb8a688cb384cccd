#include "service/iiif_service.h"

#include "dialects/iiif/iiif_info.h"
#include "dialects/iiif/iiif_parser.h"
#include "dialects/iiif/iiif_resolver.h"
#include "policy/auth_documents.h"
#include "service/policy_check.h"

namespace pictor::service {

using core::Result;
using policy::ImageServiceKind;
namespace iiif = dialects::iiif;

namespace {

constexpr std::string_view kSubstitute = "/substitute";

} // namespace

IiifService::IiifService(const config::Config& config, RenditionService& renditions,
                         AccessService& access)
    : iiif_(config.iiif), limits_(config.limits), renditions_(renditions),
      images_(renditions.images()), access_(access) {}

iiif::ResolveOptions IiifService::resolve_options() const {
    iiif::ResolveOptions o;
    o.max_width = limits_.max_width;
    o.max_height = limits_.max_width;
    o.max_area = limits_.max_output_pixels;
    o.upscaling = iiif_.upscaling;
    o.formats = images_.engine().writable_formats();
    return o;
}

iiif::ResolveOptions IiifService::resolve_options(const policy::SizePolicy& policy,
                                                  ImageServiceKind service) const {
    iiif::ResolveOptions o = resolve_options();
    o.max_width = o.max_height = policy.service_bound(service);
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

bool IiifService::depends_on_viewer(const iiif::IiifPath& path) const {
    IiifTarget t = target(path.identifier);
    return t.service == ImageServiceKind::Substitute || access_.restricted(t.identifier);
}

Result<InfoAnswer> IiifService::info(iiif::Version version, const iiif::IiifPath& path,
                                     const std::string& base_uri, const std::string& server_base,
                                     const Credentials& credentials) {
    IiifTarget t = target(path.identifier);
    auto source = images_.open(t.identifier);
    if (!source) return source.error();
    auto policy = access_.policy_for(catalog_id(*source, images_));
    iiif::InfoInput in;
    in.id = base_uri;
    in.image = source->info.size;
    in.tile_size = iiif_.tile_size;
    in.limits = resolve_options(policy, t.service);
    in.sizes = public_thumbnail_sizes(policy, source->info.size, iiif_.thumbnail_sizes);
    InfoAnswer answer;
    if (t.service == ImageServiceKind::Main && policy.asset().restricted()) {
        const auto& auth = access_.config();
        policy::AuthServices services;
        services.probe = server_base + "/auth/v2/probe/" + path.raw_identifier;
        services.active_access = server_base + "/auth/v2/access/active";
        if (access_.kiosk_enabled()) services.kiosk_access = server_base + "/auth/v2/access/kiosk";
        if (access_.external_enabled())
            services.external_access = server_base + "/auth/v2/access/external";
        services.token = server_base + "/auth/v2/token";
        services.logout = server_base + "/auth/v2/logout";
        services.login_label = auth.login_label;
        services.login_heading = auth.login_heading;
        services.login_note = auth.login_note;
        in.services = nlohmann::json::array({policy::probe_service(services)});
        in.services_context = policy::kAuthContext;
        answer.restricted = true;
        answer.status = policy.probe_status(access_.viewer(credentials));
    }
    answer.body = iiif::build_info(version, in);
    return answer;
}

Result<IiifImageRequest> IiifService::finish(iiif::Version version,
                                             const iiif::ImageRequest& request,
                                             const IiifTarget& target, SourceHandle source,
                                             const policy::Viewer& viewer) {
    auto policy = access_.policy_for(catalog_id(source, images_));
    auto options = resolve_options(policy, target.service);
    bool full = request.region.kind == iiif::RegionSpec::Kind::Full;
    options.max_square = policy.max_square(viewer, target.service, full);
    auto resolved = iiif::resolve(version, request, target.identifier, source.info.size, options);
    if (!resolved) return resolved.error();
    auto allowed = authorise_plan(policy, viewer, target.service, resolved->plan, source.info.size,
                                  iiif_.thumbnail_sizes);
    if (!allowed) return allowed.error();
    Validators validators = renditions_.validators(source, resolved->plan);
    return IiifImageRequest{std::move(source), std::move(resolved->plan),
                            std::move(resolved->canonical_params), std::move(validators),
                            policy.asset().restricted()};
}

Result<IiifImageRequest> IiifService::prepare_image(iiif::Version version,
                                                    const iiif::IiifPath& path,
                                                    const Credentials& credentials) {
    // Syntax first: a malformed request is a 400 even for an unknown identifier.
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return request.error();
    IiifTarget t = target(path.identifier);
    auto source = images_.open(t.identifier);
    if (!source) return source.error();
    policy::Viewer viewer;
    if (access_.restricted(catalog_id(*source, images_))) viewer = access_.viewer(credentials);
    return finish(version, *request, t, std::move(*source), viewer);
}

std::optional<Result<std::shared_ptr<const IiifImageRequest>>>
IiifService::prepare_image_known(iiif::Version version, const iiif::IiifPath& path) {
    using Shared = std::shared_ptr<const IiifImageRequest>;
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
        const auto& was = remembered->source.file;
        auto file = images_.store().resolve(path.identifier);
        if (file && file->path == was.path && file->mtime_ns == was.mtime_ns &&
            file->bytes == was.bytes)
            return Result<Shared>(std::move(remembered));
    }
    auto prepared = prepare_image_known_uncached(version, path);
    if (!prepared) return std::nullopt;
    if (!*prepared) return Result<Shared>(prepared->error());
    auto shared = std::make_shared<const IiifImageRequest>(std::move(**prepared));
    std::lock_guard lock(resolved_mutex_);
    if (resolved_.size() >= 16384) resolved_.clear(); // bounded; refilled on demand
    if (resolved_generation_ == generation) resolved_[memo_key] = shared;
    return Result<Shared>(std::move(shared));
}

std::optional<Result<IiifImageRequest>>
IiifService::prepare_image_known_uncached(iiif::Version version, const iiif::IiifPath& path) {
    auto request = iiif::parse_image_request(path.region, path.size, path.rotation,
                                             path.quality_format, version);
    if (!request) return Result<IiifImageRequest>(request.error());
    auto source = images_.open_known(path.identifier);
    if (!source) return std::nullopt;
    if (!*source) return Result<IiifImageRequest>(source->error());
    // Only for unrestricted assets: the viewer does not matter. An identifier that reaches a
    // restricted file another way (a symlink inside the root) goes to the workers too.
    if (access_.restricted(catalog_id(**source, images_))) return std::nullopt;
    return finish(version, *request, {path.identifier, ImageServiceKind::Main}, std::move(**source),
                  policy::Viewer{});
}

std::optional<ImageAnswer> IiifService::image_from_memory(const IiifImageRequest& request) const {
    return renditions_.from_memory(request.validators);
}

Result<ImageAnswer> IiifService::image(const IiifImageRequest& request, Deadline deadline) {
    return renditions_.render(request.source, request.plan, request.validators, deadline);
}

Result<int> IiifService::prerender_thumbnails(const std::string& identifier, Deadline deadline) {
    auto source = images_.open(identifier);
    if (!source) return source.error();
    auto policy = access_.policy_for(catalog_id(*source, images_));
    int rendered = 0;
    for (auto size : public_thumbnail_sizes(policy, source->info.size, iiif_.thumbnail_sizes)) {
        auto request = iiif::parse_image_request(
            "full", std::to_string(size.width) + "," + std::to_string(size.height), "0",
            "default.jpg", iiif::Version::V3);
        if (!request) return request.error();
        auto prepared = finish(iiif::Version::V3, *request, {identifier, ImageServiceKind::Main},
                               *source, policy::Viewer{});
        if (!prepared) return prepared.error();
        auto answer = image(*prepared, deadline);
        if (!answer) return answer.error();
        ++rendered;
    }
    return rendered;
}

IiifService::Probe IiifService::probe(const std::string& identifier,
                                      const std::optional<std::string>& token) {
    auto source = images_.open(identifier);
    if (!source) return {source.error().code == core::ErrorCode::NotFound ? 404 : 400, false};
    auto policy = access_.policy_for(catalog_id(*source, images_));
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
