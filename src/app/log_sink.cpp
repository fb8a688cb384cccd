// spdlog's lines go out through core::write_log_line, like the access log: one format (JSON
// lines or text) and one stream for both, each line with the request id of the thread's scope.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "core/log_output.h"

namespace pictor::app {
namespace {

class LogOutputSink : public spdlog::sinks::base_sink<std::mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        // spdlog says "warning" and "critical"; log tools expect "warn" and "error"-like words.
        auto name = spdlog::level::to_string_view(msg.level);
        std::string_view level(name.data(), name.size());
        if (msg.level == spdlog::level::warn) level = "warn";
        if (msg.level == spdlog::level::critical) level = "fatal";
        core::write_log_line(level, "app",
                             std::string_view(msg.payload.data(), msg.payload.size()));
    }
    void flush_() override {}
};

} // namespace

void use_log_output(const config::LogConfig& log, std::FILE* stream) {
    bool text = log.format == "text" || (log.format == "auto" && ::isatty(::fileno(stream)) == 1);
    core::set_log_format(text ? core::LogFormat::Text : core::LogFormat::Json);
    core::set_log_stream(stream);
    auto logger = std::make_shared<spdlog::logger>("pictor", std::make_shared<LogOutputSink>());
    logger->set_level(spdlog::level::from_str(log.level));
    spdlog::set_default_logger(std::move(logger));
}

} // namespace pictor::app
