#include "http/image_endpoint.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/log_context.h"

#include "http/byte_ranges.h"
#include "http/conditional.h"
#include "http/credentials.h"
#include "http/error_log.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

ImageEndpoint::ImageEndpoint(service::ImagePipeline& pipeline, CpuPool& pool, Metrics& metrics,
                             const config::ServerConfig& server,
                             const config::RuntimeLimits& limits, const config::AuthConfig& auth,
                             const config::CacheConfig& cache, const SignedUrls& signed_urls)
    : pipeline_(pipeline), pool_(pool), metrics_(metrics), trust_proxy_(server.trust_proxy),
      limits_(limits), max_age_s_(server.max_age_s),
      public_cache_control_("public, max-age=" + std::to_string(max_age_s_)),
      private_cache_control_("private, max-age=" + std::to_string(max_age_s_)),
      cookie_name_(auth.cookie_name), coalesce_(cache.coalesce), configured_s_(core::unix_now_s()),
      signed_urls_(signed_urls) {}

void ImageEndpoint::submit(const RequestContext& ctx, Reply reply, Work work,
                           const ErrorTable& errors) const {
    auto start = [&](core::CancelFlag cancel, Reply deliver) {
        offload(
            pool_, deadline(ctx), std::move(deliver), std::move(work),
            [this, errors](const core::Error& e) { return error(errors, e); }, std::move(cancel));
    };
    // Without coalescing (benchmarks of raw rendering) every request does its own work; its
    // render still stops when its client goes.
    if (!coalesce_) {
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        if (ctx.watch) ctx.watch->subscribe([cancel] { cancel->store(true); });
        start(cancel, std::move(reply));
        return;
    }
    bool joined = shared_.join(answer_key(ctx), ctx.watch, std::move(reply), start);
    if (joined) metrics_.add_shared_answer();
}

service::Credentials ImageEndpoint::credentials(const RequestContext& ctx) const {
    return http::credentials(ctx, cookie_name_);
}

Clock::time_point ImageEndpoint::deadline(const RequestContext& ctx) const {
    return ctx.received + limits_.deadline();
}

Response ImageEndpoint::error(const ErrorTable& errors, const core::Error& e) const {
    Response res = errors(e);
    // The log line names the cause (and, through the request's scope, the request id);
    // an internal error always gets one, others when there is more to say than their answer
    // (not every shed 503, which would flood the log exactly when the server is busiest).
    core::LogScope cause("cause", core::to_string(e.code));
    log_error("", e, res.result_int() == 500 ? spdlog::level::err : spdlog::level::warn);
    mark_uncacheable(res);
    if (res.result() == status::service_unavailable) res.set(field::retry_after, "1");
    return res;
}

void ImageEndpoint::configuration_changed() { configured_s_ = core::unix_now_s(); }

std::int64_t ImageEndpoint::last_modified_s(const service::Validators& validators) const {
    if (validators.last_modified_s <= 0) return validators.last_modified_s;
    return std::max<std::int64_t>(validators.last_modified_s, configured_s_.load());
}

void ImageEndpoint::set_privacy(Response& res, bool private_answer) const {
    if (!private_answer) {
        res.set(field::cache_control, public_cache_control_);
        return;
    }
    res.set(field::cache_control, private_cache_control_);
    add_vary(res, "Cookie, Authorization");
}

std::optional<Response> ImageEndpoint::preconditions(const Request& request,
                                                     const service::Validators& validators,
                                                     bool private_answer,
                                                     const ErrorTable& errors) const {
    switch (evaluate_preconditions(request, validators.etag, last_modified_s(validators))) {
    case Precondition::Proceed: return std::nullopt;
    case Precondition::NotModified: {
        Response res{status::not_modified, 11};
        set_validators(res, validators, private_answer);
        res.prepare_payload();
        return res;
    }
    case Precondition::Failed:
        return error(errors, {core::ErrorCode::PreconditionFailed,
                              "the image does not match the request's preconditions",
                              {}});
    }
    return std::nullopt;
}

void ImageEndpoint::set_validators(Response& res, const service::Validators& validators,
                                   bool private_answer) const {
    res.set(field::etag, validators.etag);
    if (auto seconds = last_modified_s(validators); seconds > 0)
        res.set(field::last_modified, format_http_date(seconds));
    set_privacy(res, private_answer);
    if (validators.revalidate) // kept, but asked about before each use
        res.set(field::cache_control, private_answer ? "private, no-cache" : "no-cache");
}

Response ImageEndpoint::document(const Request& request, Response body,
                                 const service::Validators& validators, bool private_answer,
                                 const ErrorTable& errors) const {
    if (auto decided = preconditions(request, validators, private_answer, errors))
        return std::move(*decided);
    set_validators(body, validators, private_answer);
    return body;
}

Response ImageEndpoint::original(const Request& request, Response body,
                                 const service::Validators& validators, bool private_answer,
                                 const ErrorTable& errors) const {
    Response res = document(request, std::move(body), validators, private_answer, errors);
    if (res.result() != status::ok) return res; // 304/412 decide before any range
    apply_range(res, decide_range(request, res.body().size(), validators.etag,
                                  last_modified_s(validators)));
    return res;
}

namespace {

Response image_body(const std::shared_ptr<const cache::CachedImage>& image, bool from_cache) {
    Response res = share_response(status::ok, image, image->bytes, core::mime_type(image->format));
    res.set("X-Pictor-Cache", from_cache ? "hit" : "miss");
    return res;
}

} // namespace

std::optional<Response> ImageEndpoint::answer_known(const Request& request,
                                                    const service::PreparedImage& image,
                                                    const ErrorTable& errors,
                                                    const Extras& extras) const {
    auto decided = preconditions(request, image.validators, image.private_answer, errors);
    if (!decided) {
        auto hit = pipeline_.from_memory(image);
        if (!hit) return std::nullopt;
        decided = document(request, image_body(hit, true), image.validators, image.private_answer,
                           errors);
    }
    if (extras && decided->result() != status::precondition_failed) extras(*decided);
    return decided;
}

Response ImageEndpoint::answer(const Request& request, const service::PreparedImage& image,
                               Clock::time_point deadline, const ErrorTable& errors,
                               const Extras& extras) const {
    auto decided = preconditions(request, image.validators, image.private_answer, errors);
    if (!decided) {
        auto rendered = pipeline_.render(image, deadline);
        if (!rendered) return error(errors, rendered.error());
        metrics_.add_decoded_pixels(rendered->decoded_pixels);
        decided = document(request, image_body(rendered->image, rendered->from_cache),
                           image.validators, image.private_answer, errors);
    }
    if (extras && decided->result() != status::precondition_failed) extras(*decided);
    return std::move(*decided);
}

} // namespace pictor::http
