// Hostile input: traversal, bombs, damaged sources, oversized headers and ambiguous framing on
// raw sockets, graceful shutdown and bad configuration. (Load, cancellation and sharing:
// load_test.cpp; operator pages: operator_pages_test.cpp.)
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "integration/fixture.h"
#include "support/raw_http.h"

namespace pictor::test {
namespace {

class Robustness : public PictorTest {};

TEST_F(Robustness, TraversalNeverLeavesTheRoot) {
    for (const char* id :
         {"..%2F..%2Fetc%2Fpasswd", "%2e%2e%2F%2e%2e%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
          "photo.jpg%00.png", "collection%2F..%2F..%2Fx", "..%5C..%5Cwindows"}) {
        auto r = get(std::string("/iiif/3/") + id + "/full/max/0/default.jpg");
        EXPECT_EQ(r.status, 400) << id;
        EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
    }
    for (const char* id : {"escape.jpg", "%252e%252e%252Fphoto.jpg", "collection"}) {
        EXPECT_EQ(get(std::string("/iiif/3/") + id + "/info.json").status, 404) << id;
    }
    EXPECT_EQ(get("/iiif/3/inside-link.gif/info.json").status, 200);
    // Raw dot segments in the URL path are refused as well.
    EXPECT_EQ(get("/iiif/3/../../etc/passwd/info.json").status, 400);
}

TEST_F(Robustness, DecompressionBombIsRefusedFast) {
    auto info = get("/iiif/3/bomb.png/info.json");
    ASSERT_EQ(info.status, 200);
    EXPECT_NE(info.body.find("50000"), std::string::npos);
    auto r = get("/iiif/3/bomb.png/full/!300,300/0/default.jpg");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("limit"), std::string::npos);
    EXPECT_LT(r.seconds, 1.0);
    EXPECT_EQ(get("/iiif/3/bomb.png/0,0,100,100/max/0/default.jpg").status, 400);
}

TEST_F(Robustness, TruncatedAndNonImageSources) {
    auto r = get("/iiif/3/truncated.jpg/full/max/0/default.jpg");
    EXPECT_EQ(r.status, 422); // the source's fault, never a 500
    EXPECT_NE(r.body.find("damaged"), std::string::npos);
    EXPECT_EQ(r.header("cache-control"), "no-store");
    EXPECT_EQ(get("/iiif/3/notes.txt/info.json").status, 415);
    EXPECT_EQ(get("/healthz").status, 200); // still alive
}

int count_answers(const std::string& stream) {
    int n = 0;
    for (auto at = stream.find("HTTP/1.1 "); at != std::string::npos;
         at = stream.find("HTTP/1.1 ", at + 1))
        ++n;
    return n;
}

TEST_F(Robustness, HeaderLimitAndMalformedRequests) {
    std::string port = std::to_string(server_->port());
    std::string huge(20000, 'a');
    EXPECT_EQ(raw_status(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + huge + "\r\n\r\n"),
              431);
    EXPECT_EQ(raw_status(port, "GARBAGE\r\n\r\n"), 400);
    EXPECT_EQ(
        raw_status(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n"),
        413);
}

// Ambiguous framing is refused and the connection closed: the request smuggled behind it is
// never answered. (RFC 9112; what a proxy in front may read differently.)
TEST_F(Robustness, StrictFramingClosesTheConnection) {
    std::string port = std::to_string(server_->port());
    const std::string next = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    struct Case {
        const char* name;
        std::string request;
        int status;
    };
    const Case cases[] = {
        {"TE list",
         "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity"
         "\r\n\r\n0\r\n\r\n",
         400},
        {"TE identity", "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
         400},
        {"TE and CL",
         "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"two TE",
         "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"CL differ",
         "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
         "Content-Length: 5\r\n\r\n",
         400},
        {"obs-fold", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400},
        {"control byte",
         std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a") + '\x01' + "b\r\n\r\n", 400},
        {"bare CR", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400},
        {"bare LF", "GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", 400},
        {"chunk size",
         "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
         "fffffffffffffffff\r\n",
         400},
        {"long line", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::string answer = raw_exchange(port, c.request + next);
        ASSERT_GE(answer.size(), 12u);
        EXPECT_EQ(std::stoi(answer.substr(9, 3)), c.status);
        EXPECT_EQ(count_answers(answer), 1) << answer; // the pipelined request is not read
    }
    std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i)
        many += "X-H" + std::to_string(i) + ": v\r\n";
    EXPECT_EQ(raw_status(port, many + "\r\n"), 431);
    // Well-framed requests pipelined on one connection are all answered.
    std::string good = raw_exchange(
        port, next +
                  "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "0\r\n\r\n" +
                  "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(count_answers(good), 3) << good;
    // Hundreds pipelined in one write are all answered, in order (each is parsed and answered
    // in place, nested in the answer before it, down to a bounded depth).
    std::string burst;
    for (int i = 0; i < 400; ++i)
        burst += "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: burst-" + std::to_string(i) +
                 "\r\n\r\n";
    std::string answers = raw_exchange(port, burst + "GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                                     "Connection: close\r\n\r\n");
    EXPECT_EQ(count_answers(answers), 401);
    std::size_t at = 0;
    for (int i = 0; i < 400; ++i) {
        at = answers.find("X-Request-Id: burst-" + std::to_string(i) + "\r\n", at);
        ASSERT_NE(at, std::string::npos) << "answer " << i << " missing or out of order";
    }
    EXPECT_EQ(get("/healthz").status, 200);
}

TEST(RobustnessServers, UpscalingDisabledIsNotImplemented) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"iiif.upscaling=false"});
    EXPECT_EQ(http_get(server.url("/iiif/3/small.gif/full/^max/0/default.png")).status, 501);
    EXPECT_EQ(http_get(server.url("/iiif/3/small.gif/info.json")).body.find("sizeUpscaling"),
              std::string::npos);
}

TEST(RobustnessServers, SigtermLetsInFlightRequestsFinish) {
    TempImageRoot root;
    ServerProcess server(root.path());
    HttpResponse slow;
    std::thread client(
        [&] { slow = http_get(server.url("/iiif/3/photo.jpg/full/pct:50/0/default.png")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    int code = server.stop();
    client.join();
    EXPECT_EQ(slow.status, 200);
    EXPECT_EQ(decode(slow.body).width, 3000);
    EXPECT_EQ(code, 0);
}

TEST(RobustnessServers, BadConfigurationStopsStartUpNamingTheKey) {
    std::string out;
    EXPECT_EQ(run_pictor("serve --images " + samples_dir().string() + " --set server.prot=1", &out),
              2);
    EXPECT_NE(out.find("'server.prot'"), std::string::npos) << out;
    out.clear();
    EXPECT_EQ(
        run_pictor("serve --images " + samples_dir().string() + " --set limits.max_width=-3", &out),
        2);
    EXPECT_NE(out.find("'limits.max_width'"), std::string::npos) << out;
    out.clear();
    EXPECT_EQ(run_pictor("serve --help", &out), 0);
    EXPECT_NE(out.find("PICTOR_LIMITS_MAX_WIDTH"), std::string::npos);
}

TEST(ProcessCommand, RunsTheEngineOnAFile) {
    TempImageRoot root;
    std::string out;
    auto dst = root.path() / "thumb.jpg";
    ASSERT_EQ(run_pictor("process " + (root.path() / "photo.jpg").string() + " " + dst.string() +
                             " --iiif 'full/!300,300/0/default'",
                         &out),
              0)
        << out;
    std::ifstream in(dst, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(decode(bytes).width, 300);
    EXPECT_EQ(decode(bytes).height, 200);

    auto pyr = root.path() / "made.tif";
    ASSERT_EQ(run_pictor("process " + (root.path() / "collection/page1.jpg").string() + " " +
                             pyr.string() + " --pyramid",
                         &out),
              0)
        << out;
    std::ifstream pin(pyr, std::ios::binary);
    std::string tif((std::istreambuf_iterator<char>(pin)), {});
    EXPECT_EQ(decode(tif).width, 600);

    out.clear();
    EXPECT_NE(run_pictor("process " + (root.path() / "photo.jpg").string() + " " + dst.string() +
                             " --iiif 'full/0,/0/default'",
                         &out),
              0);
    EXPECT_NE(out.find("invalid size"), std::string::npos);
}

TEST(RobustnessServers, BadOpsListenStopsStartUp) {
    std::string output;
    TempImageRoot root;
    EXPECT_NE(
        run_pictor("serve --set store.images=" + root.path().string() + " --set ops.listen=nowhere",
                   &output),
        0);
    EXPECT_NE(output.find("ops.listen"), std::string::npos) << output;
}

} // namespace
} // namespace pictor::test
