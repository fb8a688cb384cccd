#pragma once
// The converter tests' shared pieces: multipart bodies, uploads, and one server with the
// converter's credentials (ox:secret-pw) and a 2 MB upload limit.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/fixture.h"

namespace pictor::test {

inline const char* kCreds = "Authorization: Basic b3g6c2VjcmV0LXB3"; // ox:secret-pw

inline std::string multipart(const std::vector<std::pair<std::string, std::string>>& parts,
                             const std::string& boundary = "TestBoundary42") {
    std::string body;
    for (const auto& [name, data] : parts)
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
                "\"; filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data +
                "\r\n";
    return body + "--" + boundary + "--\r\n";
}

inline HttpResponse
post(const ServerProcess& server, const std::string& path, const std::string& body,
     const std::string& content_type = "multipart/form-data; boundary=TestBoundary42") {
    // The converter's write operations need its credentials (converter.anonymous = ["read"]).
    return http_request("POST", server.url("/imageconverter/" + path),
                        {"Content-Type: " + content_type, kCreds}, &body);
}

inline HttpResponse upload(const ServerProcess& server, const std::string& op,
                           const std::filesystem::path& file) {
    return post(server, op, multipart({{"sourceImage", read_bytes(file)}}));
}

class Converter : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(
            root_->path(),
            std::vector<std::string>{"converter.user=ox", "converter.password=secret-pw",
                                     "converter.upload_bytes=2000000"});
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
    }
    static HttpResponse get(const std::string& path, std::vector<std::string> h = {}) {
        return http_get(server_->url("/imageconverter/" + path), h);
    }
    // Waits until the whole target set of a key is stored (the background queue is done).
    static void wait_for_set(const std::string& key, const std::string& query = "") {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (const char* f : {"auto:200x150", "auto:200x150~cover", "auto:800x800",
                              "auto:1920x1080", "auto:1920x1080~cover"})
            while (std::chrono::steady_clock::now() < until) {
                auto r = get("getImage/" + key + "/" + f + query);
                if (r.header("x-pictor-requested") == r.header("x-pictor-rendition")) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
    }
    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

} // namespace pictor::test
