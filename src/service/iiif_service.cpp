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

IiifService::IiifService(const config::IiifConfig& iiif, const config::RuntimeLimits& limits,
                         SourceService& images, ImagePipeline& pipeline, AccessService& access)
    : iiif_(iiif), limits_(limits), images_(images), pipeline_(pipeline), access_(access) {}

iiif::ResolveOptions IiifService::resolve_options(const policy::SizePolicy& policy,
                                                  ImageServiceKind service) const {
    iiif::ResolveOptions o;
    o.max_width = o.max_height = policy.service_bound(service);
    o.max_area = limits_.max_output_pixels();
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
    // The viewer and the roles' verdict are decided before the source is read; the verdict is
    // the document's status (401/403 with the auth services), not a refusal.
    auto glanced = pipeline_.glance(t.identifier, credentials, false, t.service);
    if (!glanced) return glanced.error();
    auto sight = pipeline_.open(std::move(*glanced));
    if (!sight) return sight.error();
    // A viewer asks for tiles next: a large flat source's side-car is started now.
    images_.request_pyramid(sight->source, BuildFor::Viewer);
    const auto& policy = sight->policy;
    iiif::InfoInput in;
    in.id = base_uri;
    in.image = sight->source.info.size;
    in.tile_size = iiif_.tile_size;
    in.limits = resolve_options(policy, t.service);
    in.sizes = public_thumbnail_sizes(policy, in.image, iiif_.thumbnail_sizes);
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
            answer.status = policy.probe_status(sight->viewer);
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
    answer.status = policy.probe_status(sight->viewer);
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
                          const IiifTarget& target, const Credentials& credentials) const {
    ImageJob job;
    job.identifier = target.identifier;
    job.service = target.service;
    job.credentials = credentials;
    // `request` outlives the job: the pipeline runs the compile step within the prepare call.
    job.compile = [this, version, &request, identifier = target.identifier](
                      const Sight& sight, std::string& canonical) -> Result<plan::Plan> {
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

Result<iiif::ImageRequest> IiifService::parse(iiif::Version version,
                                              const iiif::IiifPath& path) const {
    return iiif::parse_image_request(path.region, path.size, path.rotation, path.quality_format,
                                     version);
}

Result<PreparedImage> IiifService::prepare_image(iiif::Version version, const iiif::IiifPath& path,
                                                 const iiif::ImageRequest& request,
                                                 const Credentials& credentials) {
    return pipeline_.prepare(job(version, request, target(path.identifier), credentials));
}

namespace {

// A path as sent is a key of its own ("iiif3:…"), apart from the parsed form ("iiif3/…").
std::string as_sent_key(iiif::Version version, std::string_view as_sent) {
    std::string key = "iiif";
    key += static_cast<char>('0' + static_cast<int>(version));
    key += ':';
    key += as_sent;
    return key;
}

std::string memo_key(iiif::Version version, const iiif::IiifPath& path) {
    if (!path.as_sent.empty()) return as_sent_key(version, path.as_sent);
    return "iiif" + std::to_string(static_cast<int>(version)) + "/" + path.identifier + "/" +
           path.region + "/" + path.size + "/" + path.rotation + "/" + path.quality_format;
}

} // namespace

std::shared_ptr<const PreparedImage> IiifService::remembered_image(iiif::Version version,
                                                                   const iiif::IiifPath& path) {
    return pipeline_.remembered(memo_key(version, path));
}

std::shared_ptr<const PreparedImage> IiifService::remembered_as_sent(iiif::Version version,
                                                                     std::string_view as_sent) {
    return pipeline_.remembered(as_sent_key(version, as_sent));
}

std::optional<Result<std::shared_ptr<const PreparedImage>>>
IiifService::prepare_image_known(iiif::Version version, const iiif::IiifPath& path,
                                 const iiif::ImageRequest& request) {
    IiifTarget t = target(path.identifier);
    if (t.service != ImageServiceKind::Main) return std::nullopt;
    return pipeline_.prepare_known(job(version, request, t, {}), memo_key(version, path));
}

Result<int> IiifService::prerender_thumbnails(const std::string& identifier, Deadline deadline) {
    // As an anonymous viewer would ask: only the sizes anyone may have.
    auto glanced = pipeline_.glance(identifier, {});
    if (!glanced) return glanced.error();
    auto sight = pipeline_.open(std::move(*glanced));
    if (!sight) return sight.error();
    int rendered = 0;
    for (auto size :
         public_thumbnail_sizes(sight->policy, sight->source.info.size, iiif_.thumbnail_sizes)) {
        auto request = iiif::parse_image_request(
            "full", std::to_string(size.width) + "," + std::to_string(size.height), "0",
            "default.jpg", iiif::Version::V3);
        if (!request) return request.error();
        auto prepared = pipeline_.prepare(
            job(iiif::Version::V3, *request, {identifier, ImageServiceKind::Main}, {}));
        if (!prepared) return prepared.error();
        auto answer = pipeline_.render(*prepared, deadline);
        if (!answer) return answer.error();
        ++rendered;
    }
    return rendered;
}

IiifService::Probe IiifService::probe(const std::string& identifier,
                                      const std::optional<std::string>& token) {
    // The viewer the bearer token stands for (anonymous without one), decided before anything
    // of the source is read; the source is opened only to confirm an image the viewer may see.
    Credentials credentials;
    if (token) credentials.access_token = *token;
    auto glanced = pipeline_.glance(identifier, credentials);
    if (!glanced) return {glanced.error().code == core::ErrorCode::NotFound ? 404 : 400, false};
    int status = glanced->policy.probe_status(glanced->viewer);
    bool substitute = status != 200 && glanced->policy.asset().has_substitute();
    if (status == 200)
        if (auto sight = pipeline_.open(std::move(*glanced)); !sight)
            return {sight.error().code == core::ErrorCode::NotFound ? 404 : 400, false};
    return {status, substitute};
}

Result<void> IiifService::exists(const iiif::IiifPath& path) {
    // Any viewer is sent on to info.json, which tells one the roles refuse about the auth
    // services: the roles' verdict does not stop the redirect.
    auto target = this->target(path.identifier);
    auto glanced = pipeline_.glance(target.identifier, {}, false, target.service);
    if (!glanced) return glanced.error();
    if (auto sight = pipeline_.open(std::move(*glanced)); !sight) return sight.error();
    return {};
}

} // namespace pictor::service
