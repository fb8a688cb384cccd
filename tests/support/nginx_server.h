#pragma once
// Debian's nginx on a free loopback port in front of pictor nodes, configured as
// docs/deployment.md advises (consistent hashing on the request URI, failed nodes skipped for
// `fail_timeout`, idempotent requests retried on the next node). Its access log names the
// node that answered each request.
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace pictor::test {

class NginxServer {
  public:
    explicit NginxServer(const std::vector<int>& node_ports);
    ~NginxServer();
    NginxServer(const NginxServer&) = delete;
    NginxServer& operator=(const NginxServer&) = delete;

    std::string url(const std::string& path) const;
    // One line per request: "STATUS UPSTREAM_ADDRESSES URI" (several addresses when nginx
    // retried on the next node).
    std::string access_log() const;
    std::string error_log() const;

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::filesystem::path work_;
};

} // namespace pictor::test
