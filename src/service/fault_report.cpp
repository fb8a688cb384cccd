#include "service/fault_report.h"

#include "core/fault_counter.h"
#include "core/system_error.h"

namespace pictor::service {

void report_fault(const std::string& area, const core::Error& error, std::string_view what,
                  spdlog::level::level_enum level) {
    std::uint64_t unlogged = 0;
    if (core::FaultCounter::process().record(area, core::resource_of(error), &unlogged))
        spdlog::log(level, "{}: {} ({} more since the last report)", what, error.detail, unlogged);
}

} // namespace pictor::service
