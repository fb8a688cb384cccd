// The read side of a connection (http/session.h): waiting for a request under the idle and
// read timeouts, checking its header section's framing, parsing it, and reading its body under
// the route's limit, or refusing it.
#include "http/session.h"

#include <algorithm>
#include <limits>

#include "http/framing.h"
#include "http/response_builders.h"

namespace pictor::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using beast_http::status;

void Session::read_header() {
    if (state_.draining) return close();
    request_ = {};
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.config.header_limit));
    // The body limit depends on the route; it is set once the header is known.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // The wait for the next request: the idle timeout, shortened to the read timeout once its
    // first bytes are in (here, when pipelined; else on_readable).
    awaiting_header_ = true;
    header_deadline_ = Clock::now() + std::chrono::seconds(state_.config.idle_timeout_s);
    if (buffer_.size() > 0) header_started();
    if (!header_timer_armed_) arm_header_timer();
    // The raw header section first, bounded, so its framing is checked before Beast (which
    // accepts obs-fold and bare LFs) parses it from the same buffer.
    read_raw_header();
}

// Reads until the buffer holds a blank line (the end of the header section), or more than the
// header limit without one. It waits for the socket to be readable before reading: after an
// answer the client's next request is almost never there yet, and a read tried at once (as an
// asynchronous read does) would be a wasted system call on nearly every request.
void Session::read_raw_header() {
    std::string_view seen(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (auto end = seen.find("\r\n\r\n"); end != std::string_view::npos)
        return on_raw_header({}, end + 4);
    auto limit = static_cast<std::size_t>(state_.config.header_limit);
    if (seen.size() > limit) return on_raw_header(net::error::not_found, 0);
    stream_.socket().async_wait(
        net::socket_base::wait_read,
        beast::bind_front_handler(&Session::on_readable, shared_from_this()));
}

void Session::on_readable(beast::error_code ec) {
    if (ec) return on_raw_header(ec, 0);
    auto limit = static_cast<std::size_t>(state_.config.header_limit);
    bool first_bytes = buffer_.size() == 0;
    std::size_t n = stream_.socket().read_some(
        buffer_.prepare(std::min<std::size_t>(limit + 4 - buffer_.size(), 8192)), ec);
    buffer_.commit(n);
    if (ec == net::error::would_block || ec == net::error::try_again) return read_raw_header();
    if (ec) return on_raw_header(ec, 0);
    if (first_bytes) header_started();
    read_raw_header();
}

// A request has begun: the rest of its header section is due within the read timeout.
void Session::header_started() {
    header_deadline_ = std::min(header_deadline_,
                                Clock::now() + std::chrono::seconds(state_.config.read_timeout_s));
}

// One timer per connection for the header wait, not moved per request: it wakes at least once a
// read timeout (a request's first bytes, arriving at any moment, make its deadline a read
// timeout away) and closes a connection whose wait is past its deadline. A timer set and
// cancelled on every request would cost two trips through the timer queue and a completion.
void Session::arm_header_timer() {
    header_timer_armed_ = true;
    header_timer_.expires_at(std::min(
        header_deadline_, Clock::now() + std::chrono::seconds(state_.config.read_timeout_s)));
    header_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
        auto self = weak.lock();
        if (!self || ec) return; // closed
        self->header_timer_armed_ = false;
        if (!self->awaiting_header_) return; // the next wait arms it again
        if (Clock::now() >= self->header_deadline_) return self->close();
        self->arm_header_timer();
    });
}

void Session::refuse(beast_http::status status, const std::string& message) {
    route_ = "invalid";
    send(text_error(status, message), true); // the connection ends: nothing after is read
}

bool Session::gone(beast::error_code ec) {
    return ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
           ec == net::error::operation_aborted || ec == net::error::connection_reset ||
           ec == net::error::eof;
}

void Session::on_raw_header(beast::error_code ec, std::size_t bytes) {
    awaiting_header_ = false;
    received_ = Clock::now(); // the header section is in (deadlines and latency count from here)
    if (ec == net::error::not_found) { // the buffer filled up before the blank line
        std::string_view seen(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        if (seen.find("\r\n") == std::string_view::npos && seen.size() > kMaxRequestLine)
            return refuse(status::uri_too_long, "request line too long");
        return refuse(status::request_header_fields_too_large, "request headers too large");
    }
    if (gone(ec)) return close();
    if (ec) return refuse(status::bad_request, "malformed HTTP request");
    std::string_view header(static_cast<const char*>(buffer_.data().data()), bytes);
    if (auto bad = check_raw_header(header)) return refuse(bad->status, bad->message);
    // The whole header section is in the buffer: Beast's parser takes it from there, with no
    // asynchronous read and no round through the executor. Pipelined requests answered at once
    // nest these calls, so past a few levels Beast's asynchronous read unwinds the stack.
    if (nested_parses_ < kMaxNestedParses) {
        beast::error_code parse_ec;
        std::size_t used = parser_->put(buffer_.data(), parse_ec);
        if (parse_ec != beast_http::error::need_more) {
            buffer_.consume(used);
            ++nested_parses_;
            on_header(parse_ec, used);
            --nested_parses_;
            return;
        }
    }
    stream_.expires_after(std::chrono::seconds(state_.config.read_timeout_s));
    beast_http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

// Beast reports an oversized Content-Length with the header and a chunked overflow with the body.
void Session::refuse_body() {
    // In the route's own error format when it has one (the converter's and the admin API's JSON).
    if (body_route_ && body_route_->errors) {
        route_ = body_route_->name;
        Response res = body_route_->errors(
            {core::ErrorCode::TooLarge,
             "the request body is larger than this operation takes (" +
                 std::to_string(body_route_->body_limit > 0 ? body_route_->body_limit
                                                            : state_.config.body_limit) +
                 " bytes)",
             {}});
        mark_uncacheable(res);
        return send(std::move(res), true); // the connection ends: the rest is never read
    }
    refuse(status::payload_too_large, "request body too large");
}

void Session::on_header(beast::error_code ec, std::size_t) {
    body_route_ = nullptr;
    if (ec == beast_http::error::header_limit) {
        route_ = "invalid";
        return send(
            text_error(status::request_header_fields_too_large, "request headers too large"), true);
    }
    if (ec == beast_http::error::body_limit) return refuse_body();
    if (gone(ec)) return close();
    if (ec) return refuse(status::bad_request, "malformed HTTP request");
    if (auto bad = check_message_framing(parser_->get())) return refuse(bad->status, bad->message);
    // Routes may take larger bodies (uploads) and refuse a request before its body arrives.
    {
        std::string_view target = parser_->get().target();
        const Router::Route* route = state_.router.match(target.substr(0, target.find('?')));
        body_route_ = route;
        if (route && route->before_body)
            if (auto refused = route->before_body(parser_->get())) {
                route_ = route->name;
                return send(std::move(*refused), true);
            }
        auto limit = static_cast<std::uint64_t>(
            route && route->body_limit > 0 ? route->body_limit : state_.config.body_limit);
        if (parser_->content_length() && *parser_->content_length() > limit) return refuse_body();
        parser_->body_limit(limit);
    }
    if (parser_->is_done()) return dispatch();
    stream_.expires_after(std::chrono::seconds(state_.config.read_timeout_s));
    beast_http::async_read(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code ec, std::size_t) {
    if (ec == beast_http::error::body_limit) return refuse_body();
    if (gone(ec)) return close();
    // A bad chunk size (too many digits, not hex) or a broken chunk: an answer, then close.
    if (ec) return refuse(status::bad_request, "malformed request body framing");
    dispatch();
}

} // namespace pictor::http
