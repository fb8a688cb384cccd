#include "http/response_builders.h"

#include "core/percent.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

Response make_response(status s, std::string body, std::string_view content_type) {
    Response res{s, 11};
    res.set(field::content_type, content_type);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

Response share_response(status s, std::shared_ptr<const void> keeper, std::string_view bytes,
                        std::string_view content_type) {
    Response res{s, 11};
    res.set(field::content_type, content_type);
    res.body().share(std::move(keeper), bytes);
    res.prepare_payload();
    return res;
}

Response text_error(status s, std::string message) {
    if (message.empty() || message.back() != '\n') message.push_back('\n');
    Response res = make_response(s, std::move(message), "text/plain; charset=utf-8");
    mark_uncacheable(res);
    if (s == status::service_unavailable) res.set(field::retry_after, "1");
    return res;
}

status status_for(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::BadRequest: return status::bad_request;
    case ErrorCode::NotFound: return status::not_found;
    case ErrorCode::Unauthorized: return status::unauthorized;
    case ErrorCode::Forbidden: return status::forbidden;
    case ErrorCode::TooLarge: return status::payload_too_large;
    case ErrorCode::NotImplemented: return status::not_implemented;
    case ErrorCode::UnsupportedMedia: return status::unsupported_media_type;
    // A source pictor will not decode is the source's fault, not the server's (docs/errors.md).
    case ErrorCode::SourceCorrupt: return status::unprocessable_entity;
    case ErrorCode::Timeout: return status::service_unavailable;
    case ErrorCode::Busy: return status::service_unavailable;
    case ErrorCode::OutOfResources: return status::service_unavailable;
    case ErrorCode::PreconditionFailed: return status::precondition_failed;
    case ErrorCode::UpstreamFailed: return status::bad_gateway;
    case ErrorCode::UpstreamTimeout: return status::gateway_timeout;
    case ErrorCode::Internal: return status::internal_server_error;
    }
    return status::internal_server_error;
}

void add_cors(Response& res) {
    res.set(field::access_control_allow_origin, "*");
    res.set(field::access_control_expose_headers,
            "Link, Content-Disposition, Content-Range, Retry-After, X-Imaging-Commands, "
            "X-Request-Id");
}

Response cors_preflight() {
    Response res{status::no_content, 11};
    add_cors(res);
    res.set(field::access_control_allow_methods, "GET, HEAD, OPTIONS");
    res.set(field::access_control_allow_headers, "Authorization, Content-Type, Accept");
    res.set(field::access_control_max_age, "86400");
    res.set(field::allow, "GET, HEAD, OPTIONS");
    res.prepare_payload();
    return res;
}

void mark_uncacheable(Response& res) { res.set(field::cache_control, "no-store"); }

Response uncacheable_response(status s, std::string body, std::string_view content_type) {
    Response res = make_response(s, std::move(body), content_type);
    mark_uncacheable(res);
    if (s == status::service_unavailable) res.set(field::retry_after, "1"); // in every dialect
    return res;
}

std::string content_disposition(bool attachment, const std::string& file_name) {
    // `filename` is ASCII (quotes, backslashes and controls replaced); a name with other
    // characters also gets RFC 6266's `filename*` in UTF-8, as Flask's send_file sends it, and
    // its `filename` keeps the ASCII characters only.
    std::string safe;
    bool ascii = true;
    for (char c : file_name) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            ascii = false;
            continue;
        }
        safe.push_back(c == '"' || c == '\\' || u < 0x20 || u == 0x7F ? '_' : c);
    }
    std::string out =
        std::string(attachment ? "attachment" : "inline") + "; filename=\"" + safe + "\"";
    if (!ascii) out += "; filename*=UTF-8''" + core::percent_encode(file_name);
    return out;
}

void add_vary(Response& res, std::string_view names) {
    auto vary = res.find(beast_http::field::vary);
    if (vary == res.end()) return res.set(beast_http::field::vary, names);
    std::string value(vary->value());
    if (value.find(names) != std::string::npos) return;
    res.set(beast_http::field::vary, value + ", " + std::string(names));
}

} // namespace pictor::http
