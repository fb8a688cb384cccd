#include "sources/origin_client.h"

#include <array>

#include <curl/curl.h>

#include "core/digest.h"
#include "core/io_lane.h"
#include "core/text.h"

namespace pictor::sources {

using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one transfer collects: the guard's verdicts, the body within its limit, the headers.
struct Transfer {
    const AddressGuard* guard = nullptr;
    std::int64_t max_bytes = 0;
    std::string refused; // the internal address a connection was refused to
    bool too_large = false;
    OriginAnswer answer;
};

curl_socket_t open_checked_socket(void* data, curlsocktype, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(data);
    if (!t->guard->may_connect(&address->addr)) {
        t->refused = address_text(&address->addr);
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

std::size_t on_body(char* bytes, std::size_t size, std::size_t count, void* data) {
    auto* t = static_cast<Transfer*>(data);
    std::size_t n = size * count;
    if (static_cast<std::int64_t>(t->answer.body.size() + n) > t->max_bytes) {
        t->too_large = true;
        return 0; // stops the transfer before reading more
    }
    t->answer.body.append(bytes, n);
    return n;
}

std::size_t on_header(char* bytes, std::size_t size, std::size_t count, void* data) {
    auto* t = static_cast<Transfer*>(data);
    std::size_t n = size * count;
    std::string_view line(bytes, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string name = core::to_lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    if (name == "etag") t->answer.etag = value;
    if (name == "last-modified") t->answer.last_modified = value;
    if (name == "content-type") t->answer.content_type = value;
    if (name == "content-range") // "bytes 0-65535/1234567"; "*" when the origin does not know
        if (auto slash = value.rfind('/'); slash != std::string_view::npos)
            for (char c : value.substr(slash + 1))
                if (c >= '0' && c <= '9' && t->answer.total_bytes < (std::uint64_t{1} << 50))
                    t->answer.total_bytes = t->answer.total_bytes * 10 + (c - '0');
    if (name == "content-length") {
        // Announced too large: stop before the body (the encoded length; decoded bytes are
        // counted by on_body).
        std::int64_t announced = 0;
        for (char c : value)
            if (c >= '0' && c <= '9' && announced < (std::int64_t{1} << 50))
                announced = announced * 10 + (c - '0');
        if (announced > t->max_bytes) {
            t->too_large = true;
            return 0;
        }
    }
    return n;
}

// SigV4 for S3 signs the payload's hash, sent as x-amz-content-sha256 (required by S3; libcurl
// 7.88 signs the header when given, but does not add it): a GET's payload is empty.
constexpr const char* kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The header and resolve lists a request's handle points to, freed after the request.
struct RequestLists {
    curl_slist* headers = nullptr;
    curl_slist* resolve = nullptr;
    RequestLists() = default;
    RequestLists(const RequestLists&) = delete;
    RequestLists& operator=(const RequestLists&) = delete;
    ~RequestLists() {
        curl_slist_free_all(headers);
        curl_slist_free_all(resolve);
    }
};

// What every origin request sets, GET or HEAD: http/https only, no proxy from the environment
// (it would move the address check to the proxy), the address guard on every socket, the shared
// connection cache, the resolve overrides, timeouts and S3 signing.
void set_guarded_options(CURL* c, const std::string& url, const OriginRequest& request, Transfer& t,
                         RequestLists& lists, CURLSH* share,
                         const std::vector<std::string>& resolve, long connect_ms, long total_ms,
                         const std::string& payload_hash = kEmptyPayloadHash) {
    if (!request.aws_sigv4.empty())
        lists.headers =
            curl_slist_append(lists.headers, ("x-amz-content-sha256: " + payload_hash).c_str());
    for (const auto& r : resolve)
        lists.resolve = curl_slist_append(lists.resolve, r.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "pictor");
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &open_checked_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(c, CURLOPT_SHARE, share);
    if (lists.resolve) curl_easy_setopt(c, CURLOPT_RESOLVE, lists.resolve);
    if (!request.aws_sigv4.empty()) {
        curl_easy_setopt(c, CURLOPT_AWS_SIGV4, request.aws_sigv4.c_str());
        curl_easy_setopt(c, CURLOPT_USERPWD, request.aws_credentials.c_str());
    }
}

// The URL's port, or its scheme's default.
std::string port_of(const std::string& url) {
    CURLU* u = curl_url();
    char* port = nullptr;
    std::string out = "?";
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && port)
        out = port;
    curl_free(port);
    curl_url_cleanup(u);
    return out;
}

Error lane_full() {
    return Error{ErrorCode::Busy, "too many requests are waiting on remote origins; try again",
                 "limits.io_lane is full"};
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

// libcurl's shared connection and DNS caches, locked per kind of data.
struct OriginClient::Shared {
    CURLSH* share = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;

    Shared() {
        share = curl_share_init();
        curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Shared::lock);
        curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Shared::unlock);
        curl_share_setopt(share, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    ~Shared() { curl_share_cleanup(share); }
    static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
        static_cast<Shared*>(self)->locks[data].lock();
    }
    static void unlock(CURL*, curl_lock_data data, void* self) {
        static_cast<Shared*>(self)->locks[data].unlock();
    }
};

OriginClient::OriginClient(AddressGuard guard, OriginLimits limits,
                           std::vector<std::string> allowed_hosts, std::vector<std::string> resolve)
    : guard_(std::move(guard)), limits_(limits), allowed_hosts_(std::move(allowed_hosts)),
      resolve_(std::move(resolve)), breaker_(limits.breaker) {
    global_init();
    for (auto& h : allowed_hosts_)
        h = core::to_lower(h);
    shared_ = std::make_unique<Shared>();
}

OriginClient::~OriginClient() = default;

Result<std::string> OriginClient::checked_host(const std::string& url) {
    if (url.find('\\') != std::string::npos)
        return Error::bad_request("a remote origin URL may not contain a backslash");
    CURLU* u = curl_url();
    auto fail = [&](const char* why) -> Result<std::string> {
        curl_url_cleanup(u);
        return Error::bad_request(std::string("not a remote origin pictor fetches: ") + why);
    };
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return fail("malformed URL");
    char* scheme = nullptr;
    char* host = nullptr;
    char* user = nullptr;
    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(u, CURLUPART_HOST, &host, 0);
    bool has_user = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK;
    std::string s = scheme ? core::to_lower(scheme) : "";
    std::string h = host ? core::to_lower(host) : "";
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    if (s != "http" && s != "https") return fail("only http and https");
    if (has_user) return fail("no credentials in the URL");
    while (!h.empty() && h.back() == '.')
        h.pop_back();
    if (h.empty()) return fail("no host");
    curl_url_cleanup(u);
    return h;
}

bool OriginClient::host_allowed(const std::string& host) const {
    if (allowed_hosts_.empty()) return true;
    for (const auto& allowed : allowed_hosts_) {
        if (allowed == host) return true;
        if (allowed.starts_with("*.") && host.size() > allowed.size() - 1 &&
            host.ends_with(allowed.substr(1)))
            return true;
    }
    return false;
}

void OriginClient::acquire(const std::string& host) const {
    std::unique_lock lock(slots_mutex_);
    slot_freed_.wait(lock, [&] { return in_flight_[host] < limits_.per_origin; });
    ++in_flight_[host];
}

void OriginClient::release(const std::string& host) const {
    {
        std::lock_guard lock(slots_mutex_);
        if (--in_flight_[host] == 0) in_flight_.erase(host);
    }
    slot_freed_.notify_all();
}

Result<OriginAnswer> OriginClient::get(const OriginRequest& request) const {
    core::BlockingIo io;
    if (!io.admitted()) return lane_full();
    std::string origin; // the first hop's host, once the breaker let the request through
    bool unavailable = false;
    auto answer = follow(request, origin, unavailable);
    if (!origin.empty()) breaker_.record(origin, unavailable ? &answer.error() : nullptr);
    return answer;
}

Result<OriginAnswer> OriginClient::follow(const OriginRequest& request, std::string& origin,
                                          bool& unavailable) const {
    std::string url = request.url;
    for (int hop = 0;; ++hop) {
        auto host = checked_host(url);
        if (!host) {
            if (hop == 0) return host.error();
            return Error{ErrorCode::UpstreamFailed, "the image's origin redirected elsewhere",
                         "redirect to a refused URL: " + host.error().message};
        }
        if (!host_allowed(*host))
            return Error{hop == 0 ? ErrorCode::BadRequest : ErrorCode::UpstreamFailed,
                         "the image's origin host is not allowed",
                         "host '" + *host + "' is not in remote.allowed_hosts"};
        std::string redirect;
        acquire(*host);
        if (hop == 0) {
            // Asked after the wait for a place: requests queued behind a hung origin's first
            // wave fail fast once that wave has opened the breaker.
            // One breaker per origin (host and port): another service on the same host is
            // judged on its own.
            std::string key = *host + ":" + port_of(url);
            if (auto open = breaker_.admit(key)) {
                release(*host);
                return *open;
            }
            origin = key;
        }
        auto answer = get_once(url, request, redirect, unavailable);
        release(*host);
        if (!answer) return answer.error();
        if (redirect.empty()) return answer;
        if (hop + 1 > limits_.max_redirects)
            return Error{ErrorCode::UpstreamFailed, "the image's origin redirects too often",
                         "more than " + std::to_string(limits_.max_redirects) + " redirects"};
        url = std::move(redirect);
    }
}

Result<std::string> OriginClient::direct_host(const std::string& url) const {
    auto host = checked_host(url);
    if (!host) return host.error();
    if (!host_allowed(*host)) return Error::failure("host not in remote.allowed_hosts");
    return host;
}

Result<void> OriginClient::probe(const OriginRequest& request) const {
    core::BlockingIo io;
    if (!io.admitted()) return lane_full();
    if (auto host = direct_host(request.url); !host) return host.error();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), &curl_easy_cleanup);
    if (!h) return Error::internal("curl_easy_init failed");
    Transfer t;
    t.guard = &guard_;
    t.max_bytes = 0;
    CURL* c = h.get();
    RequestLists lists;
    set_guarded_options(c, request.url, request, t, lists, shared_->share, resolve_,
                        limits_.connect_timeout_ms, limits_.connect_timeout_ms);
    if (lists.headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, lists.headers);
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    CURLcode code = curl_easy_perform(c);
    if (!t.refused.empty()) return Error::failure("refused: internal address " + t.refused);
    if (code != CURLE_OK) return Error::failure(curl_easy_strerror(code));
    return {};
}

Result<void> OriginClient::put(const OriginRequest& request, std::string_view body,
                               const std::string& content_type) const {
    core::BlockingIo io;
    if (!io.admitted()) return lane_full();
    auto host = direct_host(request.url);
    if (!host) return host.error();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), &curl_easy_cleanup);
    if (!h) return Error::internal("curl_easy_init failed");
    Transfer t;
    t.guard = &guard_;
    t.max_bytes = 64 * 1024; // an error document at most
    CURL* c = h.get();
    RequestLists lists;
    set_guarded_options(c, request.url, request, t, lists, shared_->share, resolve_,
                        limits_.connect_timeout_ms, limits_.total_timeout_ms,
                        core::sha256_hex(body));
    lists.headers = curl_slist_append(lists.headers, ("Content-Type: " + content_type).c_str());
    lists.headers = curl_slist_append(lists.headers, "Expect:"); // no 100-continue round trip
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, lists.headers);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    acquire(*host);
    CURLcode code = curl_easy_perform(c);
    release(*host);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (!t.refused.empty()) return Error::failure("refused: internal address " + t.refused);
    if (code != CURLE_OK && !t.too_large) return Error::failure(curl_easy_strerror(code));
    if (status != 200 && status != 201 && status != 204)
        return Error::failure(request.url + ": PUT answered " + std::to_string(status));
    return {};
}

Result<OriginAnswer> OriginClient::get_once(const std::string& url, const OriginRequest& request,
                                            std::string& redirect, bool& unavailable) const {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), &curl_easy_cleanup);
    if (!h) return Error::internal("curl_easy_init failed");
    Transfer t;
    t.guard = &guard_;
    t.max_bytes = limits_.max_bytes;
    CURL* c = h.get();
    RequestLists lists;
    set_guarded_options(c, url, request, t, lists, shared_->share, resolve_,
                        limits_.connect_timeout_ms, limits_.total_timeout_ms);
    if (!request.if_none_match.empty())
        lists.headers =
            curl_slist_append(lists.headers, ("If-None-Match: " + request.if_none_match).c_str());
    if (!request.if_modified_since.empty())
        lists.headers = curl_slist_append(
            lists.headers, ("If-Modified-Since: " + request.if_modified_since).c_str());
    if (!request.if_match.empty())
        lists.headers = curl_slist_append(lists.headers, ("If-Match: " + request.if_match).c_str());
    if (lists.headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, lists.headers);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); // followed (and checked) by get()
    if (request.range.empty())
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); // decoded; counted after decoding
    else
        curl_easy_setopt(c, CURLOPT_RANGE, request.range.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    CURLcode code = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (t.too_large)
        // The source's fault, not the request's: 422 in every dialect (TooLarge would be IIIF's
        // 400 for a size asked for).
        return Error{ErrorCode::SourceCorrupt, "the image's original is larger than pictor accepts",
                     url + ": above remote.max_bytes"};
    if (!t.refused.empty())
        return Error{ErrorCode::UpstreamFailed, "the image's origin could not be reached",
                     url + ": connection to internal address " + t.refused + " refused"};
    if (code == CURLE_OPERATION_TIMEDOUT) {
        unavailable = true;
        return Error{ErrorCode::UpstreamTimeout, "the image's origin did not answer in time",
                     url + ": " + curl_easy_strerror(code)};
    }
    if (code != CURLE_OK) {
        // Not reachable at all; a transfer that broke off is this object's trouble.
        unavailable = code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
                      code == CURLE_GOT_NOTHING || code == CURLE_SSL_CONNECT_ERROR;
        return Error{ErrorCode::UpstreamFailed, "the image's origin could not be read",
                     url + ": " + curl_easy_strerror(code)};
    }
    if (is_redirect(status)) {
        char* location = nullptr;
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
        if (!location)
            return Error{ErrorCode::UpstreamFailed, "the image's origin could not be read",
                         url + ": redirect without a usable Location"};
        redirect = location;
        return OriginAnswer{};
    }
    if (status == 200 || (status == 206 && !request.range.empty()) ||
        (status == 304 && (!request.if_none_match.empty() || !request.if_modified_since.empty()))) {
        t.answer.status = static_cast<int>(status);
        return std::move(t.answer);
    }
    if (status == 412 && !request.if_match.empty()) { // the caller's news: the object changed
        OriginAnswer changed;
        changed.status = 412;
        changed.etag = t.answer.etag;
        return changed;
    }
    if (status == 401 || status == 403 || status == 404 || status == 410)
        return Error{ErrorCode::NotFound, "no such image at its origin",
                     url + ": origin answered " + std::to_string(status)};
    unavailable = status == 502 || status == 503 || status == 504; // the host says it is down
    return Error{ErrorCode::UpstreamFailed, "the image's origin could not be read",
                 url + ": origin answered " + std::to_string(status)};
}

} // namespace pictor::sources
