#include "http/error_log.h"

#include "service/fault_report.h"

namespace pictor::http {

void log_error(std::string_view who, const core::Error& error, spdlog::level::level_enum level) {
    std::string prefix = who.empty() ? "" : std::string(who) + ": ";
    if (error.code == core::ErrorCode::OutOfResources)
        return service::report_fault("requests", error, prefix + "requests refused with 503",
                                     spdlog::level::err);
    if (level == spdlog::level::err || !error.detail.empty())
        spdlog::log(level, "{}{}{}{}", prefix, error.message, error.detail.empty() ? "" : ": ",
                    error.detail);
}

} // namespace pictor::http
