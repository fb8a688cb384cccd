#pragma once
// Accepts connections and starts a Session for each, on its own strand.
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/server_state.h"

namespace pictor::http {

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Throws boost::system::system_error when the address cannot be bound.
    Listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
             ServerState& state);

    void run();
    void stop();
    unsigned short port() const;

  private:
    void accept();

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    ServerState& state_;
};

} // namespace pictor::http
