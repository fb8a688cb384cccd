#pragma once
// The answers of the IIIF Image API 3.0 and 2.1 to a parsed path: base-URI redirect, info.json
// with content negotiation, images (through the ImageEndpoint) with canonical and profile Link
// headers. /iiif/{2,3}/ (iiif_handler), DLCS's aliases (dlcs_handler) and the admin console's
// "as seen by" all answer through here.
#include <optional>
#include <string_view>

#include "http/image_endpoint.h"
#include "http/router.h"
#include "service/iiif_service.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

class IiifAnswers {
  public:
    IiifAnswers(service::IiifService& service, ImageEndpoint& endpoint);

    // Answers a parsed IIIF path: `server_base` is scheme and host as the client used them,
    // `base` the image service's base URI (the info.json `id`). Aliases (DLCS's /iiif-img/)
    // come in here with their own base. `as` answers as another viewer than the request's (the
    // admin console's "as seen by").
    void serve(dialects::iiif::Version version, const std::string& server_base, std::string base,
               dialects::iiif::IiifPath path, RequestContext& ctx, Reply reply,
               std::optional<service::Credentials> as = std::nullopt);

    // A repeated image request answered before its path is parsed: the answer remembered for
    // the path as sent (`as_sent`, after the route's `prefix`), from the cache's memory tier.
    // Nothing when there is none: the caller parses the path and serves it.
    std::optional<Response> answer_remembered(dialects::iiif::Version version,
                                              const std::string& prefix, std::string_view as_sent,
                                              const RequestContext& ctx);

    // The IIIF error format for a refusal found before serve() (a path that does not parse).
    Response error(const core::Error& error) const;

  private:
    Response info(dialects::iiif::Version version, const dialects::iiif::IiifPath& path,
                  const std::string& base, const std::string& server_base,
                  const service::Credentials& creds, const std::string& content_type) const;

    service::IiifService& service_;
    ImageEndpoint& endpoint_;
};

// info.json's media type for the request's Accept header (IIIF 3.0 §5.1, 2.1 §5.1).
std::string info_content_type(dialects::iiif::Version version, const Request& request);

// The IIIF error table: short text bodies; "too large" is a 400 (docs/iiif.md).
Response iiif_error(const core::Error& error);

} // namespace pictor::api
