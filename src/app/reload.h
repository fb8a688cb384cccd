#pragma once
// SIGHUP (`systemctl reload pictor`, `kill -HUP`): the configuration is read again from the same
// file, environment and --set flags, checked whole, and what a running server can take is
// applied: the log level, the request limits (limits.deadline_ms, max_decoded_pixels,
// max_output_pixels), the imaging actions file's content, and the access policies and origins
// from the state database. Any other key that changed is named in the log as needing a restart;
// a configuration that does not load or validate changes nothing (docs/operations.md, "Reload").
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/foundation.h"
#include "config/config.h"
#include "service/imaging_service.h"

namespace pictor::app {

class Reloader {
  public:
    Reloader(CommonOptions sources, config::Config in_force, Foundation& f,
             service::ImagingService& actions);
    // Runs one reload and logs what it did.
    void operator()();

    // The keys a reload applies; every other key needs a restart.
    static const std::vector<std::string>& applied_keys();

  private:
    CommonOptions sources_;
    config::Config in_force_; // what the server runs with: the start's, plus what reloads applied
    Foundation& f_;
    service::ImagingService& actions_;
};

} // namespace pictor::app
