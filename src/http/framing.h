#pragma once
// Strict HTTP/1.1 framing (RFC 9112), so that no proxy in front and pictor can disagree about
// where a request ends (request smuggling): checked on the raw header section before the
// parser sees it, and on the parsed fields before any body is read. Anything ambiguous is a
// 400 and the connection is closed, so bytes after a bad request are never read as a request.
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace pictor::http {

struct FramingError {
    beast_http::status status;
    std::string message;
};

inline constexpr std::size_t kMaxRequestLine = 8192; // longer: 414
inline constexpr std::size_t kMaxHeaderFields = 100; // more: 431

// `header` is the request line and fields up to and including the blank line. Refused: a
// request line over kMaxRequestLine (414), more than kMaxHeaderFields fields (431), a CR or LF
// that is not part of CRLF, control bytes other than HTAB, obs-fold (400).
std::optional<FramingError> check_raw_header(std::string_view header);

// Refused (400): Transfer-Encoding other than exactly `chunked` (one header, one coding),
// Transfer-Encoding together with Content-Length, Content-Length headers that differ.
std::optional<FramingError> check_message_framing(const beast_http::fields& fields);

} // namespace pictor::http
