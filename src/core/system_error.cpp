#include "core/system_error.h"

#include <cerrno>
#include <cstring>

namespace pictor::core {

const char* exhausted_resource(int errnum) {
    switch (errnum) {
    case ENOSPC: return "no_space";
    case EDQUOT: return "quota";
    case EROFS: return "read_only";
    case EMFILE:
    case ENFILE: return "file_descriptors";
    case ENOMEM: return "memory";
    default: return nullptr;
    }
}

std::string resource_of(const Error& error) {
    // system_error() ends the detail with "(resource)".
    if (error.code != ErrorCode::OutOfResources || error.detail.empty() ||
        error.detail.back() != ')')
        return "other";
    auto open = error.detail.rfind('(');
    return error.detail.substr(open + 1, error.detail.size() - open - 2);
}

Error system_error(int errnum, const std::string& what) {
    std::string detail = what + ": " + std::strerror(errnum);
    if (const char* resource = exhausted_resource(errnum))
        return {ErrorCode::OutOfResources,
                std::string("the server is short of ") +
                    (errnum == EMFILE || errnum == ENFILE ? "file descriptors"
                     : errnum == ENOMEM                   ? "memory"
                                                          : "disk space") +
                    " for this request; try again shortly",
                detail + " (" + resource + ")"};
    return Error::internal(detail);
}

} // namespace pictor::core
