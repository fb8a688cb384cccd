#include "support/s3_server.h"

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

#include <curl/curl.h>
#include <sys/wait.h>

#include "support/server_process.h"

namespace pictor::test {

namespace fs = std::filesystem;

S3Server::S3Server(const std::vector<std::string>& buckets) : work_(make_temp_dir("s3")) {
    fs::path tool = fs::path(PICTOR_S3RVER);
    if (!fs::exists(tool))
        throw std::runtime_error(tool.string() + " is missing: run `make test-tools`");
    std::vector<std::string> args = {"/usr/bin/env", "node", tool.string(), "-d",
                                     (work_ / "data").string(), "-a", "127.0.0.1", "-p", "0",
                                     // virtual-hosted buckets: {bucket}.s3.test
                                     "--service-endpoint", "test"};
    for (const auto& b : buckets) {
        args.push_back("--configure-bucket");
        args.push_back(b);
    }
    fs::create_directories(work_ / "data");
    pid_ = spawn_logged(std::move(args), work_ / "log");
    const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
        std::smatch m;
        std::string text = log();
        if (std::regex_search(text, m, listening)) {
            port_ = std::stoi(m[1]);
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("s3rver exited at start-up: " + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("s3rver did not start: " + log());
}

S3Server::~S3Server() {
    terminate_and_wait(pid_);
    std::error_code ec;
    fs::remove_all(work_, ec);
}

std::string S3Server::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

long S3Server::put(const std::string& bucket, const std::string& key,
                   const std::string& bytes) const {
    CURL* c = curl_easy_init();
    std::string url = endpoint() + "/" + bucket + "/" + key;
    std::string credentials = std::string(kAccessKey) + ":" + kSecretKey;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, bytes.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
    curl_easy_setopt(c, CURLOPT_USERPWD, credentials.c_str());
    curl_slist* headers = curl_slist_append(nullptr, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION,
        +[](char*, std::size_t s, std::size_t n, void*) { return s * n; });
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(headers);
    return status;
}

std::string S3Server::log() const { return read_bytes(work_ / "log"); }

} // namespace pictor::test
