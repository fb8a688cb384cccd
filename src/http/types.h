#pragma once
// The HTTP types handlers see. Beast stays inside http/.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

#include "http/answer_body.h"

namespace pictor::http {

class ClientWatch;

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<AnswerBody>;
using Clock = std::chrono::steady_clock;

struct RequestContext {
    const Request& request;
    std::string_view path;  // target before '?', still percent-encoded
    std::string_view query; // after '?', without it
    Clock::time_point received;
    std::string_view remote_address;    // the peer's IP address
    std::string_view client_address;    // the client's: the peer, or as trusted proxies say
    std::string route;                  // set by the router, used by metrics and the access log
    std::shared_ptr<ClientWatch> watch; // tells when the client goes away (may be null)
    // "scheme://host[:port][/prefix]" every absolute URL of the answer starts with (PublicBase)
    std::string_view base_url;
};

// Handlers answer exactly once, from any thread.
using Reply = std::function<void(Response&&)>;
using Handler = std::function<void(RequestContext&, Reply)>;

} // namespace pictor::http
