#pragma once
// Maps a request path to a named handler: exact paths first, then the longest prefix.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/types.h"

namespace pictor::http {

// Read routes get GET and HEAD only (405 otherwise); Any routes check methods themselves.
enum class Methods { Read, Any };

class Router {
  public:
    void add_exact(std::string path, std::string name, Handler handler,
                   Methods methods = Methods::Read);
    void add_prefix(std::string prefix, std::string name, Handler handler,
                    Methods methods = Methods::Read);

    struct Route {
        std::string pattern;
        std::string name;
        bool prefix = false;
        Handler handler;
        Methods methods = Methods::Read;
        std::int64_t body_limit = 0; // 0 = server.body_limit
        // Runs on the header, before any body is read: an answer here (e.g. 401) ends the
        // request without receiving the body.
        std::function<std::optional<Response>(const Request&)> before_body;
        // The dialect's error format for what the session refuses before the handler runs (a
        // body over the limit: 413); plain text when unset.
        std::function<Response(const core::Error&)> errors;
    };
    // Sets the body limit, header check and error format of the routes added under `pattern`.
    void set_body_rules(const std::string& pattern, std::int64_t body_limit,
                        std::function<std::optional<Response>(const Request&)> before_body,
                        std::function<Response(const core::Error&)> errors = {});
    const Route* match(std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

} // namespace pictor::http
