#include "http/listener.h"

#include <spdlog/spdlog.h>

#include "core/system_error.h"
#include "http/session.h"
#include "service/fault_report.h"

namespace pictor::http {

namespace net = boost::asio;

Listener::Listener(const std::vector<std::unique_ptr<net::io_context>>& contexts,
                   const net::ip::tcp::endpoint& endpoint, ServerState& state)
    : contexts_(contexts), acceptor_(*contexts.front()), pause_(*contexts.front()), state_(state) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::run() { accept(); }

void Listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ec;
        self->acceptor_.close(ec);
    });
}

unsigned short Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::accept() {
    net::io_context& target = *contexts_[next_++ % contexts_.size()];
    acceptor_.async_accept(target, [self = shared_from_this()](boost::system::error_code ec,
                                                               net::ip::tcp::socket socket) {
        if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
        if (ec == net::error::no_descriptors || ec.value() == ENFILE ||
            ec == net::error::no_buffer_space || ec == net::error::no_memory) {
            // Out of file descriptors (or kernel memory): the connection waits in the backlog.
            // Accepting again at once would fail at once, in a loop that burns a core and
            // floods the log; wait a moment for in-flight requests to give descriptors back.
            service::report_fault("connections", core::system_error(ec.value(), "accept"),
                                  "cannot accept connections (raise the open files limit, "
                                  "LimitNOFILE, or lower the load)",
                                  spdlog::level::err);
            self->pause_.expires_after(kAcceptPause);
            self->pause_.async_wait([self](boost::system::error_code waited) {
                if (!waited && self->acceptor_.is_open()) self->accept();
            });
            return;
        }
        if (ec) {
            spdlog::warn("accept failed: {}", ec.message());
        } else {
            socket.set_option(net::ip::tcp::no_delay(true), ec);
            std::make_shared<Session>(std::move(socket), self->state_)->run();
        }
        self->accept();
    });
}

} // namespace pictor::http
