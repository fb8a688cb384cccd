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

namespace pictor::api {

class ConsoleSessions {
  public:
    explicit ConsoleSessions(std::chrono::seconds lifetime, std::size_t max_sessions = 1000);

    struct Opened {
        std::string token;
        std::chrono::system_clock::time_point expires;
    };
    // `by_role`: a catalog user who signed in through admin.role (not admin.user).
    Opened open(const std::string& user, bool by_role);
    // The user a live token was issued to.
    std::optional<std::string> user(std::string_view token) const;
    void close(std::string_view token);
    // Ends a catalog user's sign-ins (the user was changed or deleted: a new password, roles
    // without admin.role), or every sign-in made through the role (the role was deleted).
    void close_user(const std::string& user);
    void close_role_users();

  private:
    struct Entry {
        std::string user;
        std::chrono::system_clock::time_point expires;
        bool by_role = false;
    };
    std::chrono::seconds lifetime_;
    std::size_t max_sessions_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> by_hash_;
};

} // namespace pictor::api
