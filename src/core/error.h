#pragma once
// One error type for the whole server : a code that decides the HTTP status,
// a public message the client sees, and a detail that only goes to the log.
#include <string>

namespace pictor::core {

enum class ErrorCode {
    BadRequest,         // malformed or out-of-range request syntax
    NotFound,           // unknown identifier or route
    Unauthorized,       // credentials needed
    Forbidden,          // credentials present but not enough
    TooLarge,           // request or source exceeds a configured limit
    NotImplemented,     // valid request the server does not support (IIIF `^` when disabled)
    UnsupportedMedia,   // source or upload format not accepted
    SourceCorrupt,      // the stored source cannot be decoded (truncated, damaged)
    Timeout,            // the request deadline passed; work was cancelled
    Busy,               // the work queue is full
    OutOfResources,     // no disk space, file descriptors or memory for this request (503)
    PreconditionFailed, // If-Match / If-Unmodified-Since failed (412)
    UpstreamFailed,     // a remote source answered badly or not at all (502)
    UpstreamTimeout,    // a remote source was too slow (504)
    Internal,           // a bug or an environment failure
};

// What an error is about, for dialects whose error codes tell these apart (imaging's 404/1100
// unknown action against 422/1101 unknown resource). Most dialects look at the code alone.
enum class Subject {
    Request, // the request's own syntax or what it asks for
    Source,  // the image it names (unknown, unreadable)
    Action,  // a configured operation (imaging action: unknown, role-gated, cannot run here)
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message; // safe to show to the client
    std::string detail;  // for the log only
    Subject subject = Subject::Request;

    Error about(Subject s) && {
        subject = s;
        return std::move(*this);
    }

    static Error bad_request(std::string msg) {
        return {ErrorCode::BadRequest, std::move(msg), {}};
    }
    static Error not_found(std::string msg) { return {ErrorCode::NotFound, std::move(msg), {}}; }
    static Error too_large(std::string msg) { return {ErrorCode::TooLarge, std::move(msg), {}}; }
    static Error not_implemented(std::string msg) {
        return {ErrorCode::NotImplemented, std::move(msg), {}};
    }
    static Error unauthorized(std::string msg) {
        return {ErrorCode::Unauthorized, std::move(msg), {}};
    }
    static Error forbidden(std::string msg) { return {ErrorCode::Forbidden, std::move(msg), {}}; }
    static Error unsupported_media(std::string msg) {
        return {ErrorCode::UnsupportedMedia, std::move(msg), {}};
    }
    // An environment failure whose message is worth showing (start-up, CLI).
    static Error failure(std::string msg) { return {ErrorCode::Internal, std::move(msg), {}}; }
    static Error internal(std::string detail) {
        return {ErrorCode::Internal, "internal server error", std::move(detail)};
    }
};

const char* to_string(ErrorCode code);

} // namespace pictor::core
