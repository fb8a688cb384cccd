#include "http/access_log.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/log_output.h"

namespace pictor::http {

void write_access_log(const AccessRecord& r) {
    nlohmann::json fields = {
        {"request_id", r.request_id},
        {"remote", r.remote},
        {"peer", r.peer},
        {"method", r.method},
        {"target", r.target},
        {"route", r.route},
        {"status", r.status},
        {"bytes", r.bytes},
        {"ms", std::round(r.seconds * 100000.0) / 100.0},
        {"ua", r.user_agent},
    };
    core::write_log_line("info", "access",
                         r.method + " " + r.target + " " + std::to_string(r.status), fields);
}

} // namespace pictor::http
