#pragma once
// Shared set-up for integration tests: a temporary image root and one real pictor process.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/image_check.h"
#include "support/server_process.h"

namespace pictor::test {

class PictorTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = std::make_unique<TempImageRoot>();
        server_ = std::make_unique<ServerProcess>(root_->path());
    }
    static void TearDownTestSuite() {
        server_.reset();
        root_.reset();
    }
    static HttpResponse get(const std::string& path, const std::vector<std::string>& h = {}) {
        return http_get(server_->url(path), h);
    }

    static inline std::unique_ptr<TempImageRoot> root_;
    static inline std::unique_ptr<ServerProcess> server_;
};

// A metric's value from a server's Prometheus text, or -1 when it has none.
inline long long metric(const ServerProcess& server, const std::string& name) {
    auto body = http_get(server.url("/metrics")).body;
    std::smatch m;
    if (std::regex_search(body, m, std::regex("\n" + name + " ([0-9]+)"))) return std::stoll(m[1]);
    return -1;
}

// The value of one exact series ("name{labels}") in a server's /metrics, or -1.
inline double series(const ServerProcess& server, const std::string& exact) {
    auto body = http_get(server.url("/metrics")).body;
    auto at = body.find("\n" + exact + " ");
    if (at == std::string::npos) return -1;
    return std::stod(body.substr(at + exact.size() + 2));
}

// TMPDIR for the servers a test starts meanwhile (libvips' and pictor's temp files go there),
// put back afterwards.
class TempDirFor {
  public:
    explicit TempDirFor(const std::filesystem::path& dir) {
        if (const char* old = std::getenv("TMPDIR")) old_ = old;
        std::filesystem::create_directories(dir);
        ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~TempDirFor() {
        if (old_.empty())
            ::unsetenv("TMPDIR");
        else
            ::setenv("TMPDIR", old_.c_str(), 1);
    }

  private:
    std::string old_;
};

// Colour channels within `tol` of the expected values.
inline ::testing::AssertionResult near(const std::vector<double>& got,
                                       const std::vector<double>& want, double tol = 14) {
    for (std::size_t i = 0; i < want.size(); ++i)
        if (i >= got.size() || std::abs(got[i] - want[i]) > tol) {
            std::string g, w;
            for (double v : got)
                g += std::to_string(static_cast<int>(v)) + " ";
            for (double v : want)
                w += std::to_string(static_cast<int>(v)) + " ";
            return ::testing::AssertionFailure() << "got [" << g << "] want [" << w << "]";
        }
    return ::testing::AssertionSuccess();
}

} // namespace pictor::test
