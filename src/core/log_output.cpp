#include "core/log_output.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/log_context.h"

namespace pictor::core {
namespace {

std::atomic<LogFormat> format{LogFormat::Json};
std::atomic<std::FILE*> stream{stdout};

// fmt prints whole seconds of a system_clock time: the milliseconds are added by hand.
std::string utc_now_ms() {
    auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto seconds = std::chrono::floor<std::chrono::seconds>(now);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", seconds, (now - seconds).count());
}

// A text field: bare when it is one word, quoted (JSON-escaped) otherwise.
std::string text_value(const nlohmann::json& v) {
    if (!v.is_string()) return v.dump();
    const auto& s = v.get_ref<const std::string&>();
    bool bare = !s.empty() && s.find_first_of(" \"=\\\n\t") == std::string::npos;
    return bare ? s : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void emit(const std::string& line) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::FILE* out = stream;
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
}

} // namespace

void set_log_format(LogFormat f) { format = f; }
void set_log_stream(std::FILE* s) { stream = s; }
LogFormat log_format() { return format; }

void write_log_line(std::string_view level, std::string_view log, std::string_view message,
                    const nlohmann::json& fields) {
    std::string time = utc_now_ms();
    if (format == LogFormat::Text) {
        std::string line = fmt::format("{} {:<5} {}", time, level, message);
        for (const auto& [key, value] : LogScope::current())
            line += " " + key + "=" + text_value(value);
        if (fields.is_object())
            for (const auto& [key, value] : fields.items())
                line += " " + key + "=" + text_value(value);
        emit(line + "\n");
        return;
    }
    nlohmann::json line = {{"time", time}, {"level", level}, {"log", log}, {"msg", message}};
    for (const auto& [key, value] : LogScope::current())
        line[key] = value;
    if (fields.is_object())
        for (const auto& [key, value] : fields.items())
            line[key] = value;
    // Invalid UTF-8 (a request target, an origin's message) must not throw: replaced.
    emit(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

} // namespace pictor::core
