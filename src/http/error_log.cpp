#include "http/error_log.h"

#include "core/fault_counter.h"
#include "core/system_error.h"

namespace pictor::http {

void log_error(std::string_view who, const core::Error& error, spdlog::level::level_enum level) {
    std::string prefix = who.empty() ? "" : std::string(who) + ": ";
    if (error.code == core::ErrorCode::OutOfResources) {
        std::uint64_t unlogged = 0;
        if (core::FaultCounter::process().record("requests", core::resource_of(error), &unlogged))
            spdlog::error("{}requests refused with 503: {} ({} more since the last report)", prefix,
                          error.detail, unlogged);
        return;
    }
    if (level == spdlog::level::err || !error.detail.empty())
        spdlog::log(level, "{}{}{}{}", prefix, error.message, error.detail.empty() ? "" : ": ",
                    error.detail);
}

} // namespace pictor::http
