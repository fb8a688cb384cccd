#include "raw_http.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace pictor::test {

std::string raw_exchange(const std::string& port, const std::string& request) {
    namespace net = boost::asio;
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(port))});
    net::write(s, net::buffer(request));
    timeval tv{2, 0};
    setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string all, chunk(4096, '\0');
    boost::system::error_code ec;
    while (true) {
        std::size_t n = s.read_some(net::buffer(chunk), ec);
        if (ec || n == 0) break;
        all.append(chunk, 0, n);
    }
    return all;
}

int raw_status(const std::string& port, const std::string& request) {
    std::string reply = raw_exchange(port, request);
    return reply.size() > 12 ? std::stoi(reply.substr(9, 3)) : -1;
}

} // namespace pictor::test
