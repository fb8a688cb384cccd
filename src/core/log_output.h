#pragma once
// The one writer of log lines on stdout: application lines (through spdlog, app/log_sink.cpp)
// and the access log alike. As JSON lines by default (time in UTC with milliseconds, level,
// which log, message, this thread's LogScope fields such as the request id, then the line's own
// fields), or as plain text for a person at a terminal (log.format).
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pictor::core {

enum class LogFormat { Json, Text };

void set_log_format(LogFormat format);
LogFormat log_format();
// stdout by default (a server's logs); the command-line tools log to stderr, keeping stdout for
// their results.
void set_log_stream(std::FILE* stream);

// `log` is "app" or "access"; `fields` a JSON object of the line's own fields (may be null).
void write_log_line(std::string_view level, std::string_view log, std::string_view message,
                    const nlohmann::json& fields = nullptr);

} // namespace pictor::core
