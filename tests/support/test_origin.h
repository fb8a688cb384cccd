#pragma once
// A loopback HTTP origin for remote-source tests, which misbehaves on demand:
//   /files/{name}          the file from `dir`, with ETag and Last-Modified; 304 on If-None-Match
//   /ranged/{name}         the same with range support: Range (206), If-Match (412)
//   /slow/{name}           headers, then the body after `slow_ms`
//   /lying/{name}          Content-Length 1000 bytes more than it sends, then closes
//   /endless               a chunked body that never ends (until the client goes)
//   /gzipbomb              a small gzip body that inflates to 64 MiB of zeros
//   /redirect/{n}/{name}   n redirects, then /files/{name}
//   /loop                  redirects to itself
//   /to/{name}             redirects to the location set with redirect_to(name, …)
//   /status/{code}         that status, a short text body
//   /html                  200 text/html where an image was promised
// Every request is counted by path. A Canary only accepts connections and counts them.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pictor::test {

class TestOrigin {
  public:
    explicit TestOrigin(std::filesystem::path dir, std::string address = "127.0.0.1");
    ~TestOrigin();
    TestOrigin(const TestOrigin&) = delete;
    TestOrigin& operator=(const TestOrigin&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path) const;
    int requests(const std::string& path) const; // by path without the query
    int total_requests() const;
    // Body bytes /ranged/ has sent, and each request's range ("0-65535", "all" for none).
    std::uint64_t ranged_bytes() const;
    std::vector<std::string> ranges() const;
    // /to/{name} answers 302 with this Location (any address, any notation).
    void redirect_to(const std::string& name, const std::string& location);
    int slow_ms = 3000;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
};

// Listens on `address` (127.0.0.2, ::1 …) and counts the connections it accepts.
class Canary {
  public:
    explicit Canary(std::string address);
    ~Canary();
    Canary(const Canary&) = delete;
    Canary& operator=(const Canary&) = delete;

    int port() const { return port_; }
    int connections() const { return connections_.load(); }
    bool listening() const { return port_ != 0; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
    std::atomic<int> connections_{0};
};

// A hung origin: accepts every connection on loopback, reads nothing, answers nothing, and
// holds the connections open until it is destroyed, or, after recover(), answers every new
// request at once with 404 (an origin that is back: it answers).
class Tarpit {
  public:
    Tarpit();
    ~Tarpit();
    Tarpit(const Tarpit&) = delete;
    Tarpit& operator=(const Tarpit&) = delete;

    int port() const { return port_; }
    int connections() const { return connections_.load(); }
    void recover() { answering_ = true; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    int port_ = 0;
    std::atomic<int> connections_{0};
    std::atomic<bool> answering_{false};
};

} // namespace pictor::test
