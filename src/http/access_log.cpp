#include "http/access_log.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>

#include <fmt/chrono.h>
#include <nlohmann/json.hpp>

namespace pictor::http {

void write_access_log(const AccessRecord& r) {
    auto now = std::chrono::system_clock::now();
    nlohmann::json line = {
        {"time",
         fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::milliseconds>(now))},
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
    // Invalid UTF-8 in a target must not throw: replace it.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace pictor::http
