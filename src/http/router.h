#pragma once
// Maps a request path to a named handler: exact paths first, then the longest prefix.
#include <string>
#include <vector>

#include "http/types.h"

namespace pictor::http {

class Router {
  public:
    void add_exact(std::string path, std::string name, Handler handler);
    void add_prefix(std::string prefix, std::string name, Handler handler);

    struct Route {
        std::string pattern;
        std::string name;
        bool prefix = false;
        Handler handler;
    };
    const Route* match(std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

} // namespace pictor::http
