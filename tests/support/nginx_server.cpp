#include "support/nginx_server.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/http_client.h"
#include "support/server_process.h"

namespace pictor::test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

std::string configuration(const fs::path& work, int port, const std::vector<int>& nodes) {
    std::string w = work.string();
    std::string upstream;
    for (int p : nodes)
        upstream += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=2s;\n";
    return std::string(::geteuid() == 0 ? "user root;\n" : "") + // workers may read the prefix
           "daemon off;\nworker_processes 1;\npid " + w + "/nginx.pid;\nerror_log " + w +
           "/error.log info;\nevents { worker_connections 512; }\nhttp {\n"
           "  log_format nodes '$status $upstream_addr $request_uri';\n"
           "  access_log " +
           w +
           "/access.log nodes;\n"
           "  client_body_temp_path " +
           w + "/body;\n  proxy_temp_path " + w +
           "/proxy;\n"
           "  fastcgi_temp_path " +
           w + "/fastcgi;\n  uwsgi_temp_path " + w +
           "/uwsgi;\n"
           "  scgi_temp_path " +
           w +
           "/scgi;\n"
           "  upstream pictor {\n    hash $request_uri consistent;\n" +
           upstream +
           "    keepalive 16;\n  }\n"
           "  server {\n    listen 127.0.0.1:" +
           std::to_string(port) +
           ";\n"
           "    client_max_body_size 64m;\n"
           "    location / {\n      proxy_pass http://pictor;\n      proxy_http_version 1.1;\n"
           "      proxy_set_header Connection \"\";\n      proxy_set_header Host $host;\n"
           "      proxy_connect_timeout 1s;\n"
           "      proxy_next_upstream error timeout http_502 http_503;\n    }\n  }\n}\n";
}

} // namespace

NginxServer::NginxServer(const std::vector<int>& node_ports) : work_(make_temp_dir("nginx")) {
    if (!fs::exists(kNginx))
        throw std::runtime_error(std::string(kNginx) + " is missing: run scripts/install-deps.sh");
    port_ = free_loopback_port();
    std::ofstream(work_ / "nginx.conf") << configuration(work_, port_, node_ports);
    pid_ = spawn_logged({kNginx, "-p", work_.string(), "-c", (work_ / "nginx.conf").string()},
                        work_ / "stderr");
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
        if (http_get(url("/healthz")).status == 200) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("nginx exited at start-up: " + read_bytes(work_ / "stderr") +
                                     error_log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("nginx did not start: " + error_log());
}

NginxServer::~NginxServer() {
    terminate_and_wait(pid_); // SIGTERM: nginx's fast shutdown
    std::error_code ec;
    fs::remove_all(work_, ec);
}

std::string NginxServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string NginxServer::access_log() const { return read_bytes(work_ / "access.log"); }
std::string NginxServer::error_log() const { return read_bytes(work_ / "error.log"); }

} // namespace pictor::test
