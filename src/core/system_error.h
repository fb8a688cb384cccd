#pragma once
// What a failed system call means for the request that made it. A full or read-only disk, a
// quota, no file descriptors left or no memory is the server's capacity running out, not the
// request's fault nor a bug: OutOfResources (503 with Retry-After; the client may try again or
// another node). Anything else is internal. The detail names the call, the path and errno.
#include <string>

#include "core/error.h"

namespace pictor::core {

// The resource an errno says ran out: "no_space", "quota", "read_only", "file_descriptors",
// "memory"; nullptr when it is not a capacity failure.
const char* exhausted_resource(int errnum);

// The resource an OutOfResources error from system_error() ran out of ("no_space", ...), or
// "other" for any other error.
std::string resource_of(const Error& error);

// The error for `what` (e.g. "write /var/lib/pictor/cache/ab12…") failing with `errnum`.
Error system_error(int errnum, const std::string& what);

} // namespace pictor::core
