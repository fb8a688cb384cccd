#include "http/framing.h"

#include "core/text.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

namespace {

FramingError bad(std::string message) { return {status::bad_request, std::move(message)}; }

} // namespace

std::optional<FramingError> check_raw_header(std::string_view header) {
    auto first_line = header.find("\r\n");
    if ((first_line == std::string_view::npos ? header.size() : first_line) > kMaxRequestLine)
        return FramingError{status::uri_too_long, "request line too long"};
    std::size_t fields = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
        auto c = static_cast<unsigned char>(header[i]);
        if (c == '\r') {
            if (i + 1 >= header.size() || header[i + 1] != '\n')
                return bad("a CR that does not end a line");
            continue;
        }
        if (c == '\n') {
            if (i == 0 || header[i - 1] != '\r') return bad("a line ends in a bare LF");
            bool more = i + 1 < header.size() && header[i + 1] != '\r';
            if (more && (header[i + 1] == ' ' || header[i + 1] == '\t'))
                return bad("obs-fold (a header line continued on the next) is not accepted");
            if (more && ++fields > kMaxHeaderFields)
                return FramingError{status::request_header_fields_too_large, "too many headers"};
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) return bad("control bytes in the request header");
    }
    return std::nullopt;
}

std::optional<FramingError> check_message_framing(const beast_http::fields& fields) {
    auto [te_first, te_last] = fields.equal_range(field::transfer_encoding);
    auto [cl_first, cl_last] = fields.equal_range(field::content_length);
    if (te_first != te_last) {
        if (cl_first != cl_last) return bad("Transfer-Encoding together with Content-Length");
        if (std::next(te_first) != te_last) return bad("more than one Transfer-Encoding header");
        if (core::to_lower(core::trim(te_first->value())) != "chunked")
            return bad("the only Transfer-Encoding accepted is chunked");
    }
    for (auto it = cl_first; it != cl_last; ++it)
        if (core::trim(it->value()) != core::trim(cl_first->value()))
            return bad("Content-Length headers that differ");
    return std::nullopt;
}

} // namespace pictor::http
