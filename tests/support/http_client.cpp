#include "support/http_client.h"

#include <algorithm>
#include <stdexcept>

#include <curl/curl.h>

namespace pictor::test {
namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
            value.pop_back();
        (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
    }
    return size * n;
}

} // namespace

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

namespace {

std::string& trusted_certificate() {
    static std::string pem;
    return pem;
}

} // namespace

void trust_certificate(const std::string& pem_file) { trusted_certificate() = pem_file; }

namespace {

// One request on `curl`, which keeps its connection for the next one.
HttpResponse perform(CURL* curl, const std::string& method, const std::string& url,
                     const std::vector<std::string>& headers, const std::string* body) {
    curl_easy_reset(curl);
    HttpResponse r;
    curl_slist* list = nullptr;
    for (const auto& h : headers)
        list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    if (!trusted_certificate().empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, trusted_certificate().c_str());
    if (method == "HEAD")
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    else if (method != "GET")
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &r.seconds);
    long connects = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    r.new_connection = connects > 0;
    curl_slist_free_all(list);
    if (rc != CURLE_OK) r.status = -static_cast<long>(rc);
    return r;
}

CURL* new_handle() {
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    return curl;
}

} // namespace

HttpResponse http_request(const std::string& method, const std::string& url,
                          const std::vector<std::string>& headers, const std::string* body) {
    CURL* curl = new_handle();
    HttpResponse r = perform(curl, method, url, headers, body);
    curl_easy_cleanup(curl);
    return r;
}

HttpConnection::HttpConnection() : curl_(new_handle()) {}

HttpConnection::~HttpConnection() { curl_easy_cleanup(curl_); }

HttpResponse HttpConnection::get(const std::string& url, const std::vector<std::string>& headers) {
    return perform(curl_, "GET", url, headers, nullptr);
}

} // namespace pictor::test
