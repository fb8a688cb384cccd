#include "http/server.h"

#include <csignal>
#include <fstream>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "http/listener.h"
#include "http/session.h"

namespace pictor::http {

namespace net = boost::asio;

namespace {

void write_ready_file(const std::string& path, unsigned short port) {
    if (path.empty()) return;
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        out << port << "\n";
    }
    std::rename(tmp.c_str(), path.c_str());
}

void close_idle_sessions(ServerState& state) {
    std::vector<std::shared_ptr<Session>> open;
    {
        std::lock_guard lock(state.sessions_mutex);
        for (auto& [ptr, weak] : state.sessions)
            if (auto s = weak.lock()) open.push_back(std::move(s));
    }
    for (auto& s : open)
        s->close_if_idle_async();
}

} // namespace

Server::Server(const config::ServerConfig& server, const config::LogConfig& log,
               const Router& router, Metrics& metrics, CpuPool& pool, const PublicBase& public_base,
               const Router* ops_router)
    : server_(server), log_(log), router_(router), ops_router_(ops_router),
      public_base_(public_base), metrics_(metrics), pool_(pool) {}

int Server::run() {
    const auto& sc = server_;
    // One single-threaded io_context per network thread: a connection lives on one of them, so
    // it needs no strand, and each context runs without cross-thread locking (measured against
    // one shared context with a strand per connection: less CPU per request).
    std::vector<std::unique_ptr<net::io_context>> contexts;
    for (int i = 0; i < sc.io_threads; ++i)
        contexts.push_back(std::make_unique<net::io_context>(1));
    net::io_context& ioc = *contexts.front();
    auto clients = ClientAddresses::create(sc);
    if (!clients) {
        spdlog::error("{}", clients.error().message);
        return 1;
    }
    ServerState state{sc, *clients, router_, metrics_, log_.access_log, &public_base_};
    std::shared_ptr<Listener> listener;
    try {
        net::ip::tcp::endpoint endpoint{net::ip::make_address(sc.host),
                                        static_cast<unsigned short>(sc.port)};
        listener = std::make_shared<Listener>(contexts, endpoint, state);
    } catch (const std::exception& e) {
        spdlog::error("cannot listen on {}:{}: {}", sc.host, sc.port, e.what());
        return 1;
    }
    // The operator pages on their own address (ops.listen), with their own routes.
    std::unique_ptr<ServerState> ops_state;
    std::shared_ptr<Listener> ops_listener;
    if (auto ops = server_.ops_endpoint(); ops && ops_router_) {
        ops_state.reset(new ServerState{sc, *clients, *ops_router_, metrics_, log_.access_log});
        try {
            net::ip::tcp::endpoint endpoint{net::ip::make_address(ops->first),
                                            static_cast<unsigned short>(ops->second)};
            ops_listener = std::make_shared<Listener>(contexts, endpoint, *ops_state);
        } catch (const std::exception& e) {
            spdlog::error("cannot listen on {} (ops.listen): {}", sc.ops_listen, e.what());
            return 1;
        }
        ops_listener->run();
        spdlog::info("operator pages listening on http://{}:{}", ops->first, ops_listener->port());
    }
    listener->run();
    unsigned short port = listener->port();

    std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
    for (auto& c : contexts)
        work.push_back(net::make_work_guard(*c));
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::signal_set hangups(ioc, SIGHUP);
    std::function<void()> wait_hangup = [&] {
        hangups.async_wait([&](boost::system::error_code ec, int) {
            if (ec) return;
            spdlog::info("SIGHUP received: reloading");
            if (hooks_.reloading) hooks_.reloading();
            for (const auto& reload : reloads_)
                reload();
            if (hooks_.reloaded) hooks_.reloaded();
            wait_hangup();
        });
    };
    wait_hangup();
    net::steady_timer drain_timer(ioc);
    auto grace_end = std::make_shared<Clock::time_point>();

    std::function<void()> poll_drain = [&] {
        bool idle = metrics_.answering() == 0 && pool_.busy() == 0 && pool_.queued() == 0;
        if (idle || Clock::now() > *grace_end) {
            if (!idle) spdlog::warn("grace period over with requests in flight; stopping");
            close_idle_sessions(state);
            if (ops_state) close_idle_sessions(*ops_state);
            signals.cancel();
            hangups.cancel();
            for (auto& w : work)
                w.reset();
            if (!idle)
                for (auto& c : contexts)
                    c->stop();
            return;
        }
        close_idle_sessions(state);
        if (ops_state) close_idle_sessions(*ops_state);
        drain_timer.expires_after(std::chrono::milliseconds(50));
        drain_timer.async_wait([&](boost::system::error_code) { poll_drain(); });
    };
    signals.async_wait([&](boost::system::error_code ec, int sig) {
        if (ec) return;
        spdlog::info("signal {} received: draining", sig);
        if (hooks_.stopping) hooks_.stopping();
        state.draining = true;
        if (ops_state) ops_state->draining = true;
        *grace_end = Clock::now() + std::chrono::seconds(sc.shutdown_grace_s);
        listener->stop();
        if (ops_listener) ops_listener->stop();
        poll_drain();
    });
    // Ready only now that SIGHUP and SIGTERM are handled: a reload or stop sent the moment the
    // service manager (or a test) hears "ready" must not meet the default action, which kills.
    write_ready_file(sc.ready_file, port);
    spdlog::info("pictor listening on http://{}:{}", sc.host, port);
    if (hooks_.listening) hooks_.listening(port);

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts.size(); ++i)
        threads.emplace_back([&, i] { contexts[i]->run(); });
    ioc.run();
    for (auto& t : threads)
        t.join();
    pool_.shutdown();
    spdlog::info("pictor stopped");
    return 0;
}

} // namespace pictor::http
