#include "http/image_response.h"

#include "core/image_format.h"
#include "http/conditional.h"
#include "http/response_builders.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

void add_validators(Response& res, const service::Validators& v, int max_age_s) {
    res.set(field::etag, v.etag);
    res.set(field::last_modified, format_http_date(v.last_modified_s));
    res.set(field::cache_control, "public, max-age=" + std::to_string(max_age_s));
}

void make_private(Response& res, int max_age_s) {
    res.set(field::cache_control, "private, max-age=" + std::to_string(max_age_s));
    auto vary = res.find(field::vary);
    std::string value = vary == res.end() ? "" : std::string(vary->value()) + ", ";
    res.set(field::vary, value + "Cookie, Authorization");
}

Response image_response(const service::ImageAnswer& answer, int max_age_s) {
    Response res =
        make_response(status::ok, answer.image->bytes, core::mime_type(answer.image->format));
    add_validators(res, answer.validators, max_age_s);
    res.set("X-Pictor-Cache", answer.from_cache ? "hit" : "miss");
    return res;
}

std::optional<Response> answer_preconditions(const Request& request,
                                             const service::Validators& validators, int max_age_s,
                                             const std::function<Response()>& failed) {
    switch (evaluate_preconditions(request, validators.etag, validators.last_modified_s)) {
    case Precondition::Proceed: return std::nullopt;
    case Precondition::NotModified: {
        Response res{status::not_modified, 11};
        add_validators(res, validators, max_age_s);
        res.prepare_payload();
        return res;
    }
    case Precondition::Failed: return failed();
    }
    return std::nullopt;
}

} // namespace pictor::http
