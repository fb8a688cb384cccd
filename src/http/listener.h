#pragma once
// Accepts connections and starts a Session for each, spreading them over the network threads'
// io_contexts (one thread each, so a connection needs no strand).
#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/server_state.h"

namespace pictor::http {

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Throws boost::system::system_error when the address cannot be bound.
    Listener(const std::vector<std::unique_ptr<boost::asio::io_context>>& contexts,
             const boost::asio::ip::tcp::endpoint& endpoint, ServerState& state);

    void run();
    void stop();
    unsigned short port() const;

  private:
    void accept();
    // How long accepting pauses when the process has no file descriptor left.
    static constexpr std::chrono::milliseconds kAcceptPause{50};

    const std::vector<std::unique_ptr<boost::asio::io_context>>& contexts_;
    std::size_t next_ = 0;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer pause_;
    ServerState& state_;
};

} // namespace pictor::http
