#pragma once
// One client connection: reads requests under header/body limits and timeouts, hands each to
// its route, writes the answer (HEAD without a body), keeps the connection alive or closes it.
// The read side is in session_read.cpp, the answer's side in session.cpp.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/client_watch.h"
#include "http/server_state.h"
#include "http/types.h"

namespace pictor::http {

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(boost::asio::ip::tcp::socket&& socket, ServerState& state);
    ~Session();

    void run();
    // On shutdown: closes the connection, on its own thread, unless a request is being answered.
    void close_if_idle_async();

  private:
    void read_header();
    void read_raw_header();
    void on_readable(boost::beast::error_code ec);
    void header_started();
    void arm_header_timer();
    void on_raw_header(boost::beast::error_code ec, std::size_t bytes);
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void refuse(beast_http::status status, const std::string& message);
    static bool gone(boost::beast::error_code ec); // the client went away or timed out
    void on_body(boost::beast::error_code ec, std::size_t bytes);
    void refuse_body();
    void dispatch();
    // While a request is being answered: notices the client closing its connection.
    void watch_client();
    // Sets base_url_ for the request; a refusal when its host is not one this server answers.
    std::optional<Response> decide_base_url();
    void send(Response&& res, bool close_after);
    void write_out(bool close_after);
    void on_write(bool close, boost::beast::error_code ec, std::size_t bytes);
    void log_request();
    void start_in_flight(); // counts this request in route_'s in-flight gauge
    // This request's id, made on first use when the client sent none (or an unusable one).
    const std::string& request_id();
    void close_if_idle();
    void close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    // The wait for a request's header section (read_header): its deadline and lazy timer.
    boost::asio::steady_timer header_timer_;
    Clock::time_point header_deadline_;
    bool header_timer_armed_ = false;
    bool awaiting_header_ = false;
    std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
    Request request_;
    ServerState& state_;
    std::string remote_;         // address:port, for the access log
    std::string remote_address_; // address only
    std::string client_address_; // of the request being answered (see ClientAddresses)
    bool busy_ = false;
    std::atomic<bool> replied_{false}; // the handler has answered (maybe from a worker)
    // The thread running the route's handler while it runs, and an answer it gave there (a
    // cache hit): sent when the handler returns, with no post through the executor.
    std::atomic<std::thread::id> handling_thread_{};
    std::optional<Response> immediate_;
    bool head_ = false;
    Response out_;         // the answer being written
    std::string out_head_; // its head (wire_head.h); the capacity is kept between answers
    std::shared_ptr<ClientWatch> watch_; // of the request being answered
    Clock::time_point received_;
    std::string route_;
    // The last route's gauge: keep-alive requests to one route find it without the metrics lock.
    std::string gauge_route_;
    prometheus::Gauge* route_gauge_ = nullptr;
    // What this connection's answers add to /metrics; its instruments are the last answer's,
    // kept while keep-alive requests repeat its route and status.
    std::shared_ptr<RequestTally> tally_;
    std::string counted_route_;
    int counted_status_ = 0;
    const Router::Route* body_route_ = nullptr; // the route of the request whose body is read
    std::string base_url_;                      // of the request being answered (see PublicBase)
    std::string request_id_; // X-Request-Id: the client's if acceptable, else a new one
    // Requests parsed in place (on_raw_header) now on this connection's stack.
    static constexpr int kMaxNestedParses = 4;
    int nested_parses_ = 0;
    int status_ = 0;
    std::size_t bytes_ = 0;
};

} // namespace pictor::http
