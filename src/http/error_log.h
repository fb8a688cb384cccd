#pragma once
// The log line of an error answer. A request refused for want of disk space, file descriptors
// or memory (OutOfResources) is counted in pictor_faults_total{area="requests"} and logged with
// its cause once a minute, not once per request: under exactly that fault, a line per request
// would fill what little disk is left and bury the cause. Other errors with a detail are
// logged as they come (at `level`).
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/error.h"

namespace pictor::http {

void log_error(std::string_view who, const core::Error& error,
               spdlog::level::level_enum level = spdlog::level::warn);

} // namespace pictor::http
