#pragma once
// One line per request on stdout, through core/log_output.h (JSON, or text at a terminal).
#include <string>

namespace pictor::http {

struct AccessRecord {
    std::string remote; // the client (behind trusted proxies, as they say)
    std::string peer;   // the connecting address and port
    std::string method;
    std::string target;
    std::string route;
    int status = 0;
    std::size_t bytes = 0;
    double seconds = 0;
    std::string user_agent;
    std::string request_id;
};

void write_access_log(const AccessRecord& r);

} // namespace pictor::http
