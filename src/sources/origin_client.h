#pragma once
// GETs from remote origins (HTTP(S) and S3-compatible storage) through libcurl, defended:
// http/https only, every connected address checked by the AddressGuard (every hop: redirects are
// followed here, at most `max_redirects`, each re-validated), URLs with credentials, backslashes
// or hosts outside the allow-list refused on the parsed host, connect and total timeouts, and a
// byte limit counted after content decoding. Connections are reused across requests (one shared
// libcurl connection cache); at most `per_origin` requests run against one host at once, and a
// circuit breaker per host (sources/circuit_breaker.h) fails fast while a host keeps failing.
// Every request waits on the network inside a core::BlockingIo scope: on an image worker it
// lends the worker's CPU place to local renders, and a full I/O lane refuses it (503).
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sources/address_guard.h"
#include "sources/circuit_breaker.h"

namespace pictor::sources {

struct OriginLimits {
    int connect_timeout_ms = 5000;
    int total_timeout_ms = 30000;
    std::int64_t max_bytes = 512LL * 1024 * 1024; // after content decoding
    int max_redirects = 5;
    int per_origin = 8; // concurrent requests per host
    BreakerOptions breaker;
};

struct OriginRequest {
    std::string url;
    std::string if_none_match;     // revalidation: an ETag from an earlier answer
    std::string if_modified_since; // or its Last-Modified
    // Ranged reads: "FIRST-LAST" (bytes, inclusive), sent as Range, with the ETag the object
    // must still have (If-Match; a changed object answers 412).
    std::string range;
    std::string if_match;
    // S3: libcurl signs with SigV4 ("aws:amz:REGION:s3") using "ACCESS_KEY:SECRET".
    std::string aws_sigv4;
    std::string aws_credentials;
};

struct OriginAnswer {
    int status = 0;   // 200, 304 for a revalidation, 206 for a range, 412 for a failed If-Match
    std::string body; // decoded
    std::string etag; // as the origin sent it
    std::string last_modified;
    std::string content_type;
    std::uint64_t total_bytes = 0; // of a 206: the whole object's size (Content-Range)
};

class OriginClient {
  public:
    // `allowed_hosts` empty: any host (the address guard still applies); else exact names or
    // "*.example.org" suffixes. `resolve` entries are libcurl's "host:port:address" overrides.
    OriginClient(AddressGuard guard, OriginLimits limits, std::vector<std::string> allowed_hosts,
                 std::vector<std::string> resolve = {});
    ~OriginClient();
    OriginClient(const OriginClient&) = delete;
    OriginClient& operator=(const OriginClient&) = delete;

    // 404 for an origin's 401/403/404/410 (no ACL leak), 502 for other failures, redirect
    // loops and refused addresses, 504 for timeouts, 422 (SourceCorrupt) above max_bytes.
    // A ranged request is sent without content coding (ranges count the stored bytes); it may
    // still be answered with the whole object (status 200) by an origin without range support.
    core::Result<OriginAnswer> get(const OriginRequest& request) const;

    // Stores `body` at request.url with one PUT (the shared derivative tier's objects; S3 signs
    // the body's SHA-256). 200, 201 or 204 is success; no redirect is followed.
    core::Result<void> put(const OriginRequest& request, std::string_view body,
                           const std::string& content_type) const;

    // Readiness: does anything answer HTTP at `url` (a HEAD, guarded like every request)?
    // Any status counts; refused, unresolvable or silent origins do not.
    core::Result<void> probe(const OriginRequest& request) const;

    // The host of a URL as the guard compares it (lower case, no trailing dot), or a 400 for
    // URLs pictor never fetches (not http/https, credentials, backslash, no host).
    static core::Result<std::string> checked_host(const std::string& url);
    bool host_allowed(const std::string& host) const;
    BreakerStats breaker_stats() const { return breaker_.stats(); }

  private:
    struct Shared;
    // The host of a URL for a request sent as it is, without redirects (probe, PUT): checked
    // and in the allow-list, or why not.
    core::Result<std::string> direct_host(const std::string& url) const;
    // get() without the breaker's verdict; `origin` is set once the breaker admitted it.
    // `unavailable` is set when the failure says the host is down (no connection, a timeout,
    // 502/503/504): what the breaker counts; a 404, a 500 or a broken transfer is one object's.
    core::Result<OriginAnswer> follow(const OriginRequest& request, std::string& origin,
                                      bool& unavailable) const;
    core::Result<OriginAnswer> get_once(const std::string& url, const OriginRequest& request,
                                        std::string& redirect, bool& unavailable) const;
    void acquire(const std::string& host) const;
    void release(const std::string& host) const;

    AddressGuard guard_;
    OriginLimits limits_;
    std::vector<std::string> allowed_hosts_;
    std::vector<std::string> resolve_;
    std::unique_ptr<Shared> shared_;
    mutable std::mutex slots_mutex_;
    mutable std::condition_variable slot_freed_;
    mutable std::map<std::string, int> in_flight_;
    mutable CircuitBreaker breaker_;
};

} // namespace pictor::sources
