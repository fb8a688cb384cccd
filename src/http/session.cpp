#include "http/session.h"

#include <array>

#include <sys/socket.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "core/log_context.h"
#include "http/access_log.h"
#include "http/response_builders.h"
#include "http/wire_head.h"

namespace pictor::http {

namespace {
// Accepted from the client (or made), returned on the answer, on every log line of the request.
constexpr std::string_view field_request_id = "X-Request-Id";
} // namespace

namespace beast = boost::beast;
namespace net = boost::asio;
using beast_http::field;
using beast_http::status;

Session::Session(net::ip::tcp::socket&& socket, ServerState& state)
    : stream_(std::move(socket)), header_timer_(stream_.get_executor()), state_(state),
      tally_(state.metrics.open_tally()) {
    beast::error_code ec;
    // Synchronous writes (write_out) return at once with what fits rather than wait.
    stream_.socket().non_blocking(true, ec);
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) {
        remote_address_ = ep.address().to_string();
        remote_ = remote_address_ + ":" + std::to_string(ep.port());
    }
    state_.metrics.connection_opened();
}

Session::~Session() {
    state_.metrics.close_tally(tally_);
    state_.metrics.connection_closed();
    std::lock_guard lock(state_.sessions_mutex);
    state_.sessions.erase(this);
}

void Session::run() {
    {
        std::lock_guard lock(state_.sessions_mutex);
        state_.sessions[this] = weak_from_this();
    }
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::read_header, shared_from_this()));
}

void Session::close_if_idle_async() {
    net::post(stream_.get_executor(),
              beast::bind_front_handler(&Session::close_if_idle, shared_from_this()));
}

void Session::close_if_idle() {
    if (!busy_) close();
}

void Session::close() {
    header_timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    stream_.close();
}

void Session::dispatch() {
    request_ = parser_->release();
    if (auto incoming = request_[field_request_id]; core::is_acceptable_request_id(incoming))
        request_id_ = std::string(incoming);
    // Every log line written while this request is handled names it (offload() carries the
    // scope to the worker).
    core::LogScope named("request_id", request_id());
    busy_ = true;
    head_ = request_.method() == beast_http::verb::head;
    std::string_view target = request_.target();
    auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);

    const Router::Route* route = body_route_; // matched on the same path by on_header()
    route_ = route ? route->name : "unmatched";
    start_in_flight();
    if (!route) return send(text_error(status::not_found, "no such resource"), false);
    auto method = request_.method();
    if (method == beast_http::verb::options) return send(cors_preflight(), false);
    if (route->methods == Methods::Read && method != beast_http::verb::get &&
        method != beast_http::verb::head) {
        Response res = text_error(status::method_not_allowed, "method not allowed");
        res.set(field::allow, "GET, HEAD, OPTIONS");
        return send(std::move(res), false);
    }
    client_address_ = state_.clients.client(request_, remote_address_);
    if (auto refused = decide_base_url()) return send(std::move(*refused), false);
    watch_ = std::make_shared<ClientWatch>();
    RequestContext ctx{request_,        path,   query,  received_, remote_address_,
                       client_address_, route_, watch_, base_url_};
    auto self = shared_from_this();
    // An answer given while the handler runs on this thread is kept and sent once it returns;
    // one from a worker is posted to the connection's network thread.
    replied_ = false;
    Reply reply = [self](Response&& res) {
        self->replied_ = true;
        if (self->handling_thread_.load() == std::this_thread::get_id()) {
            self->immediate_.emplace(std::move(res));
            return;
        }
        net::post(self->stream_.get_executor(),
                  [self, r = std::make_shared<Response>(std::move(res))]() mutable {
                      self->send(std::move(*r), false);
                  });
    };
    handling_thread_ = std::this_thread::get_id();
    try {
        route->handler(ctx, std::move(reply));
    } catch (const std::exception& e) {
        core::LogScope cause("cause", core::to_string(core::ErrorCode::Internal));
        spdlog::error("handler for {} threw: {}", route_, e.what());
        if (!replied_)
            immediate_.emplace(text_error(status::internal_server_error, "internal server error"));
    }
    handling_thread_ = std::thread::id{};
    if (immediate_) { // answered already (a cache hit, an error): nobody to watch for
        Response res = std::move(*immediate_);
        immediate_.reset();
        return send(std::move(res), false);
    }
    if (!replied_) watch_client();
}

std::optional<Response> Session::decide_base_url() {
    base_url_.clear();
    if (!state_.public_base) return std::nullopt; // the operator listener writes no URL
    auto base =
        state_.public_base->of(request_, state_.clients.from_trusted_proxy(remote_address_));
    if (base) {
        base_url_ = std::move(*base);
        return std::nullopt;
    }
    // Probes (load balancers, kubelets) name whatever address they reach: the operator pages
    // write no URL, so they answer any host.
    if (route_ == "healthz" || route_ == "readyz" || route_ == "metrics") return std::nullopt;
    return text_error(status::bad_request,
                      "misdirected request: this server does not answer for that host");
}

void Session::watch_client() {
    stream_.socket().async_wait(
        net::socket_base::wait_read,
        [self = shared_from_this(), watch = watch_](beast::error_code ec) {
            if (ec) return; // cancelled: the answer is being written
            // Readable with nothing to read is the client's FIN (or a reset). Readable with bytes
            // is its next, pipelined request: it is still there.
            char byte = 0;
            ssize_t n =
                ::recv(self->stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) watch->mark_gone();
        });
}

void Session::send(Response&& res, bool close_after) {
    if (!busy_) { // an error answered before a request was dispatched
        busy_ = true;
        start_in_flight();
    }
    beast::error_code ignored;
    stream_.socket().cancel(ignored); // ends watch_client()'s wait
    if (watch_ && watch_->gone()) {   // nobody to answer: logged as nginx does, 499
        status_ = 499;
        bytes_ = 0;
        return on_write(true, {}, 0);
    }
    add_cors(res);
    // Without a public_url, absolute URLs in answers follow the (allowed) Host: caches must
    // keep one answer per host.
    if (state_.public_base && !state_.public_base->fixed()) add_vary(res, "Host");
    res.set(field::server, "pictor");
    res.set(field_request_id, request_id());
    bool keep = !close_after && !state_.draining && request_.keep_alive();
    res.version(request_.version() ? request_.version() : 11);
    res.keep_alive(keep);
    status_ = res.result_int();
    bytes_ = res.body().size();
    if (head_ && res.result() != status::not_modified)
        res.content_length(bytes_); // a HEAD answer names the length its GET would send
    else
        res.prepare_payload();
    // A 304 sends no Content-Length (RFC 9110 §15.4.5: it would have to repeat the 200's);
    // Beast's prepare_payload writes 0.
    if (res.result() == status::not_modified) res.erase(field::content_length);
    if (head_) { // the length is in the head; the body is not sent
        res.body().clear();
        bytes_ = 0;
    }
    out_ = std::move(res);
    write_head(out_, out_head_);
    write_out(!keep);
}

// One writev of the head and the body (none for HEAD). Tried at once, without waiting: an
// answer that fits the socket's send buffer (most do) is written with no timer to arm and no
// completion to queue; the rest, if any, is written asynchronously under the write timeout.
void Session::write_out(bool close_after) {
    std::array<net::const_buffer, 2> wire{net::buffer(out_head_),
                                          net::buffer(out_.body().data(), out_.body().size())};
    beast::error_code ec;
    std::size_t written =
        stream_.socket().write_some(wire, ec); // non-blocking: see the constructor
    if (ec && ec != net::error::would_block && ec != net::error::try_again)
        return on_write(true, ec, 0);
    if (written == wire[0].size() + wire[1].size()) return on_write(close_after, {}, written);
    for (auto& part : wire) {
        std::size_t sent = std::min(written, part.size());
        part += sent;
        written -= sent;
    }
    stream_.expires_after(std::chrono::seconds(state_.config.write_timeout_s));
    net::async_write(
        stream_, wire,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), close_after));
}

void Session::on_write(bool close_after, beast::error_code ec, std::size_t) {
    log_request();
    out_ = {};
    watch_.reset();
    busy_ = false;
    head_ = false;
    tally_->answering(nullptr);
    if (ec || close_after) return close();
    read_header();
}

void Session::start_in_flight() {
    if (!route_gauge_ || route_ != gauge_route_) {
        route_gauge_ = state_.metrics.in_flight(route_);
        gauge_route_ = route_;
    }
    tally_->answering(route_gauge_);
}

void Session::log_request() {
    double seconds = std::chrono::duration<double>(Clock::now() - received_).count();
    if (!tally_->instruments().requests || status_ != counted_status_ || route_ != counted_route_) {
        tally_->count_in(state_.metrics.request_instruments(route_, status_));
        counted_route_ = route_;
        counted_status_ = status_;
    }
    tally_->record(seconds, bytes_);
    if (state_.access_log) {
        AccessRecord rec{client_address_.empty() ? remote_ : client_address_,
                         remote_,
                         std::string(beast_http::to_string(request_.method())),
                         std::string(request_.target()),
                         route_,
                         status_,
                         bytes_,
                         seconds,
                         std::string(request_[field::user_agent]),
                         request_id()};
        write_access_log(rec);
    }
    request_id_.clear(); // the next request on this connection gets its own
}

const std::string& Session::request_id() {
    if (request_id_.empty()) request_id_ = core::new_request_id();
    return request_id_;
}

} // namespace pictor::http
