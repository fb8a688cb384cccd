#pragma once
// The admin console's sign-ins: a random bearer token per sign-in, held in memory as its
// SHA-256 only, ending after admin.console_session_s or at sign-out. The console sends it in
// an Authorization header, which no browser adds to a request on its own (no CSRF by cookie).
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace pictor::http {

class ConsoleSessions {
  public:
    explicit ConsoleSessions(std::chrono::seconds lifetime, std::size_t max_sessions = 1000);

    struct Opened {
        std::string token;
        std::chrono::system_clock::time_point expires;
    };
    Opened open(const std::string& user);
    // The user a live token was issued to.
    std::optional<std::string> user(std::string_view token) const;
    void close(std::string_view token);

  private:
    struct Entry {
        std::string user;
        std::chrono::system_clock::time_point expires;
    };
    std::chrono::seconds lifetime_;
    std::size_t max_sessions_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> by_hash_;
};

} // namespace pictor::http
