#pragma once
// Image answers of every dialect: body, type, and the validators (ETag, Last-Modified,
// Cache-Control); conditional requests answered 304 or 412 before any rendering.
#include <functional>
#include <optional>

#include "http/types.h"
#include "service/rendition_service.h"

namespace pictor::http {

Response image_response(const service::ImageAnswer& answer, int max_age_s);
void add_validators(Response& res, const service::Validators& v, int max_age_s);

// For answers of restricted assets: shared caches must not keep them, and a browser's copy is
// only good for the same cookie and Authorization.
void make_private(Response& res, int max_age_s);

// nullopt: go on and render. Otherwise a 304 carrying the validators, or `failed()` (the
// dialect's 412 error).
std::optional<Response> answer_preconditions(const Request& request,
                                             const service::Validators& validators, int max_age_s,
                                             const std::function<Response()>& failed);

} // namespace pictor::http
