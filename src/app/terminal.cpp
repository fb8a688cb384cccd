#include "app/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

namespace pictor::app {

std::optional<std::string> read_secret(const std::string& prompt) {
    bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        std::fprintf(stderr, "%s", prompt.c_str());
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputc('\n', stderr);
    }
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

ProgressBar::ProgressBar(std::uint64_t total, std::string what, bool counts)
    : total_(total), what_(std::move(what)), counts_(counts), shown_(::isatty(STDERR_FILENO) == 1) {
}

ProgressBar::~ProgressBar() {
    if (shown_ && last_draw_ms_ >= 0) std::fputc('\n', stderr);
}

void ProgressBar::update(std::uint64_t done, const std::string& note) {
    if (!shown_) return;
    auto now = now_ms();
    if (done < total_ && now - last_draw_ms_ < 100) return;
    last_draw_ms_ = now;
    constexpr int kWidth = 30;
    double share = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    int filled = static_cast<int>(share * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '=');
    if (filled < kWidth)
        bar += '>' + std::string(static_cast<std::size_t>(kWidth - filled - 1), ' ');
    std::string shown_note = note.size() > 40 ? "…" + note.substr(note.size() - 39) : note;
    // \r and clear-to-end-of-line: one line, redrawn in place.
    std::string counts = counts_ ? fmt::format(" {}/{}", done, total_) : "";
    std::fprintf(stderr, "\r[%s] %3d%%%s %s %s\x1b[K", bar.c_str(), static_cast<int>(share * 100),
                 counts.c_str(), what_.c_str(), shown_note.c_str());
    std::fflush(stderr);
}

} // namespace pictor::app
