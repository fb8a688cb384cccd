// Clients that read their answers slowly, or stop reading: an answer larger than the socket's
// buffers still arrives whole however slowly it is read (the part that did not fit at once is
// written as the client makes room), and a client that stops reading is dropped after
// server.write_timeout_s instead of holding its connection and answer for ever. Clients that
// send slowly or not at all: a connection waiting for its next request is closed after
// server.idle_timeout_s, and a header section trickled in is cut off server.read_timeout_s after
// it began (a slowloris attack holds connections that way), however busy the connection was.
#include <chrono>
#include <string>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

using namespace std::chrono_literals;

// A loopback connection with a small receive buffer, so the server's answer backs up behind it.
class SlowClient {
  public:
    explicit SlowClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        int small = 4096;
        setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        timeval tv{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<uint16_t>(port));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }
    ~SlowClient() { ::close(fd_); }
    bool connected() const { return connected_; }
    bool send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    // Reads until `want` bytes, the server's close, or 10 s of silence.
    std::string read(std::size_t want) {
        std::string all;
        char chunk[16384];
        while (all.size() < want) {
            ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) break;
            all.append(chunk, static_cast<std::size_t>(n));
        }
        return all;
    }

  private:
    int fd_;
    bool connected_ = false;
};

// Reads the head of an answer; `rest` gets what came after it.
std::string read_head(SlowClient& client, std::string& rest) {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        std::string more = client.read(1);
        if (more.empty()) return head;
        head += more;
    }
    auto end = head.find("\r\n\r\n") + 4;
    rest = head.substr(end);
    head.resize(end);
    return head;
}

std::size_t content_length(const std::string& head) {
    auto at = head.find("Content-Length: ");
    return at == std::string::npos ? 0 : std::stoull(head.substr(at + 16));
}

std::string get_request(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

TEST(SlowClients, ALargeAnswerArrivesWholeHoweverSlowlyItIsRead) {
    TempImageRoot root;
    ServerProcess server(root.path());
    // The original as pictor serves it (its metadata stripped), read at full speed.
    auto expected = http_get(server.url("/original/photo.jpg"));
    ASSERT_EQ(expected.status, 200);
    ASSERT_GT(expected.body.size(), std::size_t{4} << 20); // more than the socket buffers hold
    SlowClient client(server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(get_request("/original/photo.jpg")));
    std::string body;
    std::string head = read_head(client, body);
    ASSERT_EQ(head.substr(0, 12), "HTTP/1.1 200") << head;
    ASSERT_EQ(content_length(head), expected.body.size()) << head;
    std::this_thread::sleep_for(500ms); // the server has filled what the buffers hold
    // Slowly: a sip at a time, with pauses.
    while (body.size() < expected.body.size()) {
        std::string sip =
            client.read(std::min<std::size_t>(expected.body.size() - body.size(), 1 << 20));
        ASSERT_FALSE(sip.empty()) << "the answer stopped after " << body.size() << " bytes";
        body += sip;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(body == expected.body) << "the body differs from the fast client's";
    // The connection is still good for the next request.
    ASSERT_TRUE(client.send(get_request("/healthz")));
    EXPECT_EQ(client.read(12).substr(0, 12), "HTTP/1.1 200");
}

TEST(SlowClients, AClientThatStopsReadingIsDroppedAfterTheWriteTimeout) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.write_timeout_s=1"});
    SlowClient client(server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(get_request("/original/pyramid.tif")));
    std::string body;
    std::string head = read_head(client, body); // the answer has started
    ASSERT_EQ(head.substr(0, 12), "HTTP/1.1 200") << head;
    std::size_t length = content_length(head);
    ASSERT_GT(length, std::size_t{16} << 20); // far more than the socket buffers hold
    std::this_thread::sleep_for(3s);          // reads nothing, past the write timeout
    // What the kernel had queued before the server gave up still arrives, then the end.
    body += client.read(length);
    EXPECT_LT(body.size(), length) << "the whole answer was written to a client not reading";
    // The server is none the worse.
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
}

// Seconds until the server closes `client`'s connection (reads and drops whatever arrives).
double seconds_until_closed(SlowClient& client) {
    auto start = std::chrono::steady_clock::now();
    while (!client.read(1).empty()) {
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Reads one whole answer; returns its head.
std::string read_answer(SlowClient& client) {
    std::string body;
    std::string head = read_head(client, body);
    std::size_t length = content_length(head);
    if (body.size() < length) body += client.read(length - body.size());
    return head;
}

TEST(SlowClients, AConnectionWaitingForItsNextRequestIsClosedAfterTheIdleTimeout) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.idle_timeout_s=2", "server.read_timeout_s=1"});
    SlowClient client(server.port());
    ASSERT_TRUE(client.connected());
    // Requests within the idle timeout of each other keep the connection, though each wait is
    // longer than the read timeout.
    for (int i = 0; i < 3; ++i) {
        if (i > 0) std::this_thread::sleep_for(1500ms);
        ASSERT_TRUE(client.send(get_request("/healthz")));
        ASSERT_EQ(read_answer(client).substr(0, 12), "HTTP/1.1 200") << "request " << i;
    }
    double closed_after = seconds_until_closed(client);
    EXPECT_GT(closed_after, 1.5);
    EXPECT_LT(closed_after, 3.5);
}

TEST(SlowClients, AHeaderSectionTrickledInIsCutOffAfterTheReadTimeout) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.idle_timeout_s=30", "server.read_timeout_s=1"});
    SlowClient client(server.port());
    ASSERT_TRUE(client.connected());
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    // A field every tenth of a second, never the blank line: fails to send once cut off.
    bool cut_off = false;
    while (std::chrono::steady_clock::now() - start < 10s)
        if (std::this_thread::sleep_for(100ms); !client.send("X-Slow: yes\r\n")) {
            cut_off = true;
            break;
        }
    double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(cut_off) << "the server still read the header section after 10 s";
    EXPECT_GT(after, 0.9);
    EXPECT_LT(after, 3.0);
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200); // the server is none the worse
}

} // namespace
} // namespace pictor::test
