#pragma once
// The browser pages (docs/browser.md): the viewer at /viewer/{id}, the admin console at /admin/ui/,
// and their built files under /ui/ (the front-end build, web/: ui.dir or the installed copy).
// The files are read once at start-up and served from memory, so no request path reaches
// the file system. Pages carry a Content-Security-Policy that allows this server only.
#include <map>
#include <optional>
#include <string>

#include "http/router.h"

namespace pictor::api {

using namespace http; // the handlers speak the transport's vocabulary

struct UiFile {
    std::string body, content_type, etag;
};

class UiHandler {
  public:
    // Reads every file of `dir` (nothing when it is missing: the pages answer 404 and say why).
    explicit UiHandler(const std::string& dir);
    bool installed() const { return !files_.empty(); }
    const std::string& dir() const { return dir_; }
    // `console`: serve /admin/ui/ too (the admin API is on).
    void register_routes(Router& router, bool console);

  private:
    const UiFile* file(const std::string& name) const;

    std::string dir_;
    std::map<std::string, UiFile> files_;
};

// ui.dir, or when it is empty the installed copy: <prefix>/share/pictor/ui beside the
// running binary's <prefix>/bin.
std::string ui_folder(const std::string& configured);

} // namespace pictor::api
