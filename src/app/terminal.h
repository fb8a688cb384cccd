#pragma once
// The command-line tools' terminal: secrets read without echo (or from piped stdin), and a
// progress bar on stderr that shows only when stderr is a terminal (logs and pipes stay clean).
#include <cstdint>
#include <optional>
#include <string>

namespace pictor::app {

// One line from stdin: typed at `prompt` without echo when stdin is a terminal, read as it
// comes when piped (`echo "$PASS" | pictor admin … --password-stdin`). Nothing on EOF.
std::optional<std::string> read_secret(const std::string& prompt);

class ProgressBar {
  public:
    // `total` steps (files, bytes); `what` names them in the line; without `counts`, only the
    // percentage is shown (for work that reports a percentage itself).
    ProgressBar(std::uint64_t total, std::string what, bool counts = true);
    ~ProgressBar(); // ends the line
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    // Redraws at most every 100 ms (and at the end); `note` follows the counts (a file name).
    void update(std::uint64_t done, const std::string& note = "");
    bool shown() const { return shown_; }

  private:
    std::uint64_t total_;
    std::string what_;
    bool counts_;
    bool shown_;
    std::int64_t last_draw_ms_ = -1000;
};

} // namespace pictor::app
