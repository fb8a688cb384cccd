#pragma once
// A small libcurl client for integration tests.
#include <map>
#include <string>
#include <vector>

namespace pictor::test {

struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    double seconds = 0;
    bool new_connection = true; // false when the request reused an open connection

    std::string header(const std::string& name) const;
};

// https:// URLs are verified against this certificate (a test's self-signed one) from now on,
// in this process; empty = the system's CAs.
void trust_certificate(const std::string& pem_file);

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::vector<std::string>& headers = {},
                          const std::string* body = nullptr);
inline HttpResponse http_get(const std::string& url, const std::vector<std::string>& headers = {}) {
    return http_request("GET", url, headers);
}

// Requests over one kept-alive connection (as a proxy in front of pictor sends them).
class HttpConnection {
  public:
    HttpConnection();
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    HttpResponse get(const std::string& url, const std::vector<std::string>& headers = {});

  private:
    void* curl_;
};

} // namespace pictor::test
