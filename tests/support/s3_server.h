#pragma once
// s3rver (npm, tests/s3, installed by `make test-tools`) on a free loopback port, for the
// remote-source tests: an S3-compatible server that checks SigV4 signatures (access key and
// secret "S3RVER") and logs every request it serves. Buckets are addressed path-style at
// endpoint() or virtual-hosted as {bucket}.s3.test (resolved to 127.0.0.1 by the client).
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace pictor::test {

class S3Server {
  public:
    static constexpr const char* kAccessKey = "S3RVER";
    static constexpr const char* kSecretKey = "S3RVER";

    explicit S3Server(const std::vector<std::string>& buckets);
    ~S3Server();
    S3Server(const S3Server&) = delete;
    S3Server& operator=(const S3Server&) = delete;

    std::string endpoint() const; // "http://127.0.0.1:PORT"
    // A signed PUT of `bytes` as bucket/key; the HTTP status.
    long put(const std::string& bucket, const std::string& key, const std::string& bytes) const;
    std::string log() const; // s3rver's request log

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::filesystem::path work_;
};

} // namespace pictor::test
