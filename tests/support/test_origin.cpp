#include "support/test_origin.h"

#include "support/server_process.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <zlib.h>

namespace pictor::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// 64 MiB of zeros, gzip-compressed (about 64 KiB).
std::string gzip_bomb() {
    std::string zeros(64 << 20, '\0');
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, zeros.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void write_raw(tcp::socket& s, const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
}

std::string head(int status, const std::string& reason, const std::string& extra) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n" + extra +
           "Connection: close\r\n\r\n";
}

} // namespace

struct TestOrigin::Impl {
    std::filesystem::path dir;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::vector<std::thread> workers;
    std::mutex mutex;
    std::map<std::string, int> counts;
    std::map<std::string, std::string> locations;
    int total = 0;
    std::uint64_t ranged_bytes = 0;
    std::vector<std::string> ranges;
    std::atomic<bool> stopping{false};
    const TestOrigin* owner = nullptr;

    void serve(tcp::socket socket) {
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> req;
        boost::system::error_code ec;
        http::read(socket, buffer, req, ec);
        if (ec) return;
        std::string target(req.target());
        std::string path = target.substr(0, target.find('?'));
        {
            std::lock_guard lock(mutex);
            ++counts[path];
            ++total;
        }
        auto after = [&](const std::string& prefix) { return path.substr(prefix.size()); };
        if (path.starts_with("/ranged/")) return serve_ranged(socket, req, after("/ranged/"));
        if (path.starts_with("/files/") || path.starts_with("/slow/") ||
            path.starts_with("/lying/")) {
            std::string name = path.substr(path.find('/', 1) + 1);
            auto file = dir / name;
            if (!std::filesystem::is_regular_file(file))
                return write_raw(socket, head(404, "Not Found", "Content-Length: 0\r\n"));
            std::string body = read_bytes(file);
            auto mtime = std::filesystem::last_write_time(file).time_since_epoch().count();
            std::string etag =
                "\"" + std::to_string(mtime) + "-" + std::to_string(body.size()) + "\"";
            if (req[http::field::if_none_match] == etag)
                return write_raw(socket, head(304, "Not Modified", "ETag: " + etag + "\r\n"));
            std::size_t announced = body.size() + (path.starts_with("/lying/") ? 1000 : 0);
            write_raw(socket, head(200, "OK",
                                   "Content-Type: image/jpeg\r\nETag: " + etag +
                                       "\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                                       "Content-Length: " +
                                       std::to_string(announced) + "\r\n"));
            if (path.starts_with("/slow/"))
                std::this_thread::sleep_for(std::chrono::milliseconds(owner->slow_ms));
            return write_raw(socket, body);
        }
        if (path == "/endless") {
            write_raw(socket, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
            std::string chunk(65536, 'x');
            std::ostringstream size;
            size << std::hex << chunk.size();
            auto start = std::chrono::steady_clock::now();
            while (!stopping &&
                   std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
                boost::system::error_code wec;
                asio::write(socket, asio::buffer(size.str() + "\r\n" + chunk + "\r\n"), wec);
                if (wec) return;
            }
            return;
        }
        if (path == "/gzipbomb") {
            static const std::string bomb = gzip_bomb();
            write_raw(socket, head(200, "OK",
                                   "Content-Type: image/jpeg\r\nContent-Encoding: gzip\r\n"
                                   "Content-Length: " +
                                       std::to_string(bomb.size()) + "\r\n"));
            return write_raw(socket, bomb);
        }
        if (path.starts_with("/redirect/")) {
            std::string rest = after("/redirect/");
            int n = std::stoi(rest.substr(0, rest.find('/')));
            std::string name = rest.substr(rest.find('/') + 1);
            std::string next =
                n <= 1 ? "/files/" + name : "/redirect/" + std::to_string(n - 1) + "/" + name;
            return write_raw(socket,
                             head(302, "Found", "Location: " + next + "\r\nContent-Length: 0\r\n"));
        }
        if (path == "/loop")
            return write_raw(socket,
                             head(302, "Found", "Location: /loop\r\nContent-Length: 0\r\n"));
        if (path.starts_with("/to/")) {
            std::string location;
            {
                std::lock_guard lock(mutex);
                location = locations[after("/to/")];
            }
            return write_raw(
                socket, head(302, "Found", "Location: " + location + "\r\nContent-Length: 0\r\n"));
        }
        if (path.starts_with("/status/")) {
            int code = std::stoi(after("/status/"));
            std::string body = "status " + std::to_string(code) + " from the origin";
            return write_raw(
                socket,
                head(code, "Whatever", "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                    body);
        }
        if (path == "/html") {
            std::string body = "<!doctype html><html><body>not an image</body></html>";
            return write_raw(socket, head(200, "OK",
                                          "Content-Type: text/html\r\nContent-Length: " +
                                              std::to_string(body.size()) + "\r\n") +
                                         body);
        }
        write_raw(socket, head(404, "Not Found", "Content-Length: 0\r\n"));
    }

    // A file with range support: one "bytes=FIRST-LAST" range (206), If-Match (412), ETag.
    void serve_ranged(tcp::socket& socket, const http::request<http::string_body>& req,
                      const std::string& name) {
        auto file = dir / name;
        if (!std::filesystem::is_regular_file(file))
            return write_raw(socket, head(404, "Not Found", "Content-Length: 0\r\n"));
        std::string body = read_bytes(file);
        auto mtime = std::filesystem::last_write_time(file).time_since_epoch().count();
        std::string etag = "\"" + std::to_string(mtime) + "-" + std::to_string(body.size()) + "\"";
        std::string if_match(req[http::field::if_match]);
        if (!if_match.empty() && if_match != etag)
            return write_raw(socket, head(412, "Precondition Failed", "Content-Length: 0\r\n"));
        std::string range(req[http::field::range]);
        std::string common = "Content-Type: image/tiff\r\nAccept-Ranges: bytes\r\nETag: " + etag +
                             "\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n";
        std::size_t from = 0, to = body.size() - 1;
        if (range.starts_with("bytes=")) {
            auto dash = range.find('-');
            from = std::stoull(range.substr(6, dash - 6));
            if (dash + 1 < range.size())
                to = std::min<std::size_t>(to, std::stoull(range.substr(dash + 1)));
            if (from > to)
                return write_raw(socket,
                                 head(416, "Range Not Satisfiable", "Content-Length: 0\r\n"));
            std::string part = body.substr(from, to - from + 1);
            {
                std::lock_guard lock(mutex);
                ranged_bytes += part.size();
                ranges.push_back(range.substr(6));
            }
            return write_raw(
                socket, head(206, "Partial Content",
                             common + "Content-Range: bytes " + std::to_string(from) + "-" +
                                 std::to_string(to) + "/" + std::to_string(body.size()) +
                                 "\r\nContent-Length: " + std::to_string(part.size()) + "\r\n") +
                            part);
        }
        {
            std::lock_guard lock(mutex);
            ranged_bytes += body.size();
            ranges.push_back("all");
        }
        write_raw(socket, head(200, "OK",
                               common + "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                              body);
    }

    void accept_loop() {
        while (!stopping) {
            boost::system::error_code ec;
            tcp::socket socket(io);
            acceptor.accept(socket, ec);
            if (ec || stopping) break;
            std::lock_guard lock(mutex);
            workers.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
        }
    }
};

TestOrigin::TestOrigin(std::filesystem::path dir, std::string address)
    : impl_(std::make_unique<Impl>()) {
    impl_->dir = std::move(dir);
    impl_->owner = this;
    tcp::endpoint at(asio::ip::make_address(address), 0);
    impl_->acceptor.open(at.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(at);
    impl_->acceptor.listen();
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->thread = std::thread([this] { impl_->accept_loop(); });
}

TestOrigin::~TestOrigin() {
    impl_->stopping = true;
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    // Wake the blocking accept with a connection of our own.
    {
        asio::io_context io;
        tcp::socket poke(io);
        poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    }
    if (impl_->thread.joinable()) impl_->thread.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(impl_->mutex);
        workers.swap(impl_->workers);
    }
    for (auto& w : workers)
        if (w.joinable()) w.join();
}

std::string TestOrigin::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int TestOrigin::requests(const std::string& path) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->counts.find(path);
    return it == impl_->counts.end() ? 0 : it->second;
}

void TestOrigin::redirect_to(const std::string& name, const std::string& location) {
    std::lock_guard lock(impl_->mutex);
    impl_->locations[name] = location;
}

std::uint64_t TestOrigin::ranged_bytes() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->ranged_bytes;
}

std::vector<std::string> TestOrigin::ranges() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->ranges;
}

int TestOrigin::total_requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->total;
}

struct Canary::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::atomic<bool> stopping{false};
};

Canary::Canary(std::string address) : impl_(std::make_unique<Impl>()) {
    boost::system::error_code ec;
    tcp::endpoint at(asio::ip::make_address(address, ec), 0);
    if (ec) return;
    impl_->acceptor.open(at.protocol(), ec);
    if (!ec) impl_->acceptor.bind(at, ec);
    if (!ec) impl_->acceptor.listen(16, ec);
    if (ec) return; // e.g. no IPv6 on this machine: listening() is false
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->thread = std::thread([this] {
        while (!impl_->stopping) {
            boost::system::error_code aec;
            tcp::socket s(impl_->io);
            impl_->acceptor.accept(s, aec);
            if (aec || impl_->stopping) break;
            ++connections_;
        }
    });
}

Canary::~Canary() {
    if (!impl_->thread.joinable()) return;
    impl_->stopping = true;
    boost::system::error_code ec;
    auto at = impl_->acceptor.local_endpoint(ec);
    impl_->acceptor.close(ec);
    asio::io_context io;
    tcp::socket poke(io);
    poke.connect(at, ec);
    impl_->thread.join();
}

struct Tarpit::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::vector<std::unique_ptr<tcp::socket>> held;
    std::thread thread;
    std::atomic<bool> stopping{false};
};

Tarpit::Tarpit() : impl_(std::make_unique<Impl>()) {
    tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(at.protocol());
    impl_->acceptor.bind(at);
    impl_->acceptor.listen(256);
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->thread = std::thread([this] {
        while (!impl_->stopping) {
            boost::system::error_code aec;
            auto s = std::make_unique<tcp::socket>(impl_->io);
            impl_->acceptor.accept(*s, aec);
            if (aec || impl_->stopping) break;
            ++connections_;
            if (answering_) {
                char buffer[4096];
                s->read_some(asio::buffer(buffer), aec);
                asio::write(*s,
                            asio::buffer(std::string("HTTP/1.1 404 Not Found\r\nContent-Length: "
                                                     "0\r\nConnection: close\r\n\r\n")),
                            aec);
                continue;
            }
            impl_->held.push_back(std::move(s)); // never read, never answered
        }
    });
}

Tarpit::~Tarpit() {
    impl_->stopping = true;
    boost::system::error_code ec;
    auto at = impl_->acceptor.local_endpoint(ec);
    asio::io_context io;
    tcp::socket poke(io);
    poke.connect(at, ec);
    impl_->thread.join();
    impl_->acceptor.close(ec);
}

} // namespace pictor::test
