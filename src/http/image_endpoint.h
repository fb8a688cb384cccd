#pragma once
// Every image answer of every dialect, written once: the hand-off to the CPU pool, the
// deadline, 304/412 before any rendering, the render, metrics, the privacy headers (an answer
// that depends on the viewer is private and varies by Cookie and Authorization; the others
// are public), and errors through the dialect's error table, never cacheable. Handlers map a
// request to a service call and add their extras (Link, Content-Disposition, ...).
#include <atomic>
#include <functional>
#include <optional>

#include "config/config.h"
#include "config/runtime_limits.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/shared_answers.h"
#include "http/signed_urls.h"
#include "service/image_pipeline.h"

namespace pictor::http {

// A dialect's headers on an image answer (and its 304).
using Extras = std::function<void(Response&)>;

class ImageEndpoint {
  public:
    ImageEndpoint(service::ImagePipeline& pipeline, CpuPool& pool, Metrics& metrics,
                  const config::ServerConfig& server, const config::RuntimeLimits& limits,
                  const config::AuthConfig& auth, const config::CacheConfig& cache,
                  const SignedUrls& signed_urls);

    // Runs `work` on a worker (see offload()); identical requests in flight share one run
    // (SharedAnswers), which stops once all their clients have gone.
    void submit(const RequestContext& ctx, Reply reply, Work work, const ErrorTable& errors) const;
    service::Credentials credentials(const RequestContext& ctx) const;
    Clock::time_point deadline(const RequestContext& ctx) const;

    // On a worker: 304/412 when the preconditions decide, else the rendered image.
    Response answer(const Request& request, const service::PreparedImage& image,
                    Clock::time_point deadline, const ErrorTable& errors,
                    const Extras& extras = {}) const;
    // On the network thread: 304/412 or a hit in the cache's memory tier; nothing otherwise.
    std::optional<Response> answer_known(const Request& request,
                                         const service::PreparedImage& image,
                                         const ErrorTable& errors, const Extras& extras = {}) const;
    // A document that is not a derivative (a listing, an original file): `body` is answered
    // unless the preconditions decide, with the validators and the privacy headers.
    Response document(const Request& request, Response body, const service::Validators& validators,
                      bool private_answer, const ErrorTable& errors) const;
    // A source file's own bytes as a document, with byte ranges (206, If-Range, 416) as a file
    // server answers them (Flask's send_file for OpenAtlas' originals).
    Response original(const Request& request, Response body, const service::Validators& validators,
                      bool private_answer, const ErrorTable& errors) const;
    // The dialect's error, logged with its detail, never cacheable, 503 with Retry-After.
    Response error(const ErrorTable& errors, const core::Error& error) const;
    // Cache-Control (and Vary) for an answer: public, or private to this viewer.
    void set_privacy(Response& res, bool private_answer) const;
    // 304 (with the validators) or 412 when the request's preconditions decide; nothing when the
    // answer is to be built.
    std::optional<Response> preconditions(const Request& request,
                                          const service::Validators& validators,
                                          bool private_answer, const ErrorTable& errors) const;

    // The configuration changed (a reload of the imaging actions): answers shaped by it are new,
    // so no Last-Modified is older than this moment and If-Modified-Since cannot keep a stale
    // answer. The start-up counts as the first change.
    void configuration_changed();

    bool trust_proxy() const { return trust_proxy_; }
    // signing.required: handlers ask before anything else about the request.
    const SignedUrls& signed_urls() const { return signed_urls_; }

  private:
    // Last-Modified as answered: no older than the configuration.
    std::int64_t last_modified_s(const service::Validators& validators) const;
    // ETag, Last-Modified and the privacy headers.
    void set_validators(Response& res, const service::Validators& validators,
                        bool private_answer) const;

    service::ImagePipeline& pipeline_;
    CpuPool& pool_;
    Metrics& metrics_;
    bool trust_proxy_;
    const config::RuntimeLimits& limits_; // the deadline, read per request (SIGHUP)
    int max_age_s_;
    std::string public_cache_control_, private_cache_control_; // "public, max-age=…"
    std::string cookie_name_;
    bool coalesce_; // cache.coalesce: identical requests in flight share one answer
    std::atomic<std::int64_t> configured_s_; // when the configuration in use took effect
    mutable SharedAnswers shared_;
    const SignedUrls& signed_urls_;
};

} // namespace pictor::http
