#include "dialects/imaging/api_error.h"

namespace pictor::dialects::imaging {

using core::ErrorCode;
using core::Subject;

ApiError api_error(const core::Error& e, bool wedia_codes) {
    const std::string& m = e.message;
    switch (e.subject) {
    case Subject::Action: // the configured action: unknown, role-gated, cannot run here
        if (e.code == ErrorCode::NotFound) return {404, "404/1100", m};
        if (e.code == ErrorCode::Forbidden || e.code == ErrorCode::Unauthorized)
            return {403, "403/1100", m};
        if (e.code == ErrorCode::BadRequest) return {422, "422/1100", m};
        break;
    case Subject::Source: // the resource: unknown or not an image pictor reads
        if (e.code == ErrorCode::NotFound || e.code == ErrorCode::BadRequest)
            return {422, "422/1101", m};
        break;
    case Subject::Request: break;
    }
    switch (e.code) {
    case ErrorCode::Unauthorized: return {401, "401/1102", m};
    case ErrorCode::Forbidden: return {403, "403/1102", m};
    case ErrorCode::BadRequest:
    case ErrorCode::TooLarge:
    case ErrorCode::NotImplemented:
        if (wedia_codes) return {500, "500/1100", m};
        return {400, "400/1103", m};
    case ErrorCode::NotFound: return {404, "404/1100", m};
    case ErrorCode::PreconditionFailed: return {412, "412/1100", m};
    case ErrorCode::Timeout:
    case ErrorCode::Busy:
    case ErrorCode::OutOfResources: return {503, "503/1100", m};
    case ErrorCode::UnsupportedMedia:
    case ErrorCode::SourceCorrupt: return {500, "500/1100", "the image cannot be read: " + m};
    case ErrorCode::UpstreamFailed: return {502, "502/1100", m};
    case ErrorCode::UpstreamTimeout: return {504, "504/1100", m};
    case ErrorCode::Internal: break;
    }
    return {500, "500/1100", m};
}

} // namespace pictor::dialects::imaging
