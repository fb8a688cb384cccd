#pragma once
// One environment fault (a full or read-only folder, no file descriptors, no memory) reported
// the one way: counted in pictor_faults_total{area, cause} (core/fault_counter.h, the cause
// being the resource the error ran out of) and logged with its detail once a minute per area
// and cause, saying how many were not logged since. Under exactly such a fault a line per
// request would fill what little disk is left and bury the cause.
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/error.h"

namespace pictor::service {

// `what` says what the fault means for the server ("derivative cache writes fail, answering
// uncached").
void report_fault(const std::string& area, const core::Error& error, std::string_view what,
                  spdlog::level::level_enum level = spdlog::level::warn);

} // namespace pictor::service
