#include "core/error.h"

namespace pictor::core {

const char* to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::BadRequest: return "bad_request";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Unauthorized: return "unauthorized";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::TooLarge: return "too_large";
    case ErrorCode::NotImplemented: return "not_implemented";
    case ErrorCode::UnsupportedMedia: return "unsupported_media";
    case ErrorCode::SourceCorrupt: return "source_corrupt";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Busy: return "busy";
    case ErrorCode::OutOfResources: return "out_of_resources";
    case ErrorCode::PreconditionFailed: return "precondition_failed";
    case ErrorCode::UpstreamFailed: return "upstream_failed";
    case ErrorCode::UpstreamTimeout: return "upstream_timeout";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

} // namespace pictor::core
