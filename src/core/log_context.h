#pragma once
// What every log line of a request carries: its request id (and, where an error is logged, the
// error's cause code). Fields live in a per-thread context; LogScope adds some for its lifetime,
// and a task handed to another thread takes the current fields along (http/offload.cpp), so a
// worker's lines name the request too. core/log_output.h writes them with each line.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pictor::core {

using LogFields = std::vector<std::pair<std::string, std::string>>;

class LogScope {
  public:
    // Adds `fields` to this thread's context until the scope ends.
    explicit LogScope(LogFields fields);
    LogScope(std::string key, std::string value);
    ~LogScope();
    LogScope(const LogScope&) = delete;
    LogScope& operator=(const LogScope&) = delete;

    // This thread's fields now, oldest first.
    static const LogFields& current();

  private:
    std::size_t previous_size_;
};

// A request id a client may send (X-Request-Id): 1 to 128 characters of letters, digits and
// "-_.:", so it is safe in a log line and a header; anything else is replaced by a new one.
bool is_acceptable_request_id(std::string_view id);
// A new request id: 16 random bytes as 32 hex digits.
std::string new_request_id();

} // namespace pictor::core
