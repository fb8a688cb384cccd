// `pictor health`: asks a running server's /healthz, for a container's HEALTHCHECK (the slim
// image has no curl) and for scripts. The address is the configuration's own
// (http://server.host:server.port, 127.0.0.1 for a wildcard host) unless --url names another.
#include <curl/curl.h>

#include <cstdio>

#include "app/commands.h"

namespace pictor::app {

int health(const config::Config& config, const HealthOptions& options) {
    std::string url = options.url;
    if (url.empty()) {
        std::string host = config.server.host;
        if (host == "0.0.0.0" || host == "::" || host.empty()) host = "127.0.0.1";
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        url = "http://" + host + ":" + std::to_string(config.server.port) + "/healthz";
    }
    CURL* curl = curl_easy_init();
    if (!curl) return 1;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // The body is not needed: the status says it all.
    curl_easy_setopt(
        curl, CURLOPT_WRITEFUNCTION,
        +[](char*, std::size_t size, std::size_t n, void*) { return size * n; });
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        std::fprintf(stderr, "pictor health: %s: %s\n", url.c_str(), curl_easy_strerror(rc));
        return 1;
    }
    if (status != 200) {
        std::fprintf(stderr, "pictor health: %s answered %ld\n", url.c_str(), status);
        return 1;
    }
    return 0;
}

} // namespace pictor::app
