// Hostile input: traversal, bombs, damaged sources, oversized headers, a full queue, deadlines,
// graceful shutdown and bad configuration.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
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

// Everything the server sends on one connection until it closes it (or 2 s of silence).
std::string raw_exchange(const std::string& url_port, const std::string& request) {
    namespace net = boost::asio;
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    s.connect(
        {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(url_port))});
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

// The status of the first answer to a request sent on a raw connection (-1: none).
int raw_status(const std::string& url_port, const std::string& request) {
    std::string reply = raw_exchange(url_port, request);
    return reply.size() > 12 ? std::stoi(reply.substr(9, 3)) : -1;
}

int count_answers(const std::string& stream) {
    int n = 0;
    for (auto at = stream.find("HTTP/1.1 "); at != std::string::npos;
         at = stream.find("HTTP/1.1 ", at + 1))
        ++n;
    return n;
}

std::string port_of(const std::string& url) {
    auto colon = url.rfind(':');
    return url.substr(colon + 1, url.find('/', colon) - colon - 1);
}

TEST_F(Robustness, HeaderLimitAndMalformedRequests) {
    std::string port = port_of(server_->url("/"));
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
    std::string port = port_of(server_->url("/"));
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
    EXPECT_EQ(get("/healthz").status, 200);
}

TEST(RobustnessServers, FullQueueAnswers503) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"limits.workers=1", "limits.queue=1"});
    std::atomic<int> ok{0}, busy{0}, other{0};
    std::atomic<bool> retry_after{true};
    std::vector<std::thread> clients;
    for (int i = 0; i < 12; ++i)
        clients.emplace_back([&, i] {
            auto r = http_get(server.url("/iiif/3/photo.jpg/full/pct:" + std::to_string(40 + i) +
                                         "/0/default.png"));
            if (r.status == 200)
                ++ok;
            else if (r.status == 503) {
                ++busy;
                if (r.header("retry-after").empty()) retry_after = false;
            } else
                ++other;
        });
    for (auto& t : clients)
        t.join();
    EXPECT_GE(ok, 1);
    EXPECT_GE(busy, 1);
    EXPECT_EQ(other, 0);
    EXPECT_TRUE(retry_after);
    auto m = http_get(server.url("/metrics")).body;
    EXPECT_EQ(m.find("pictor_queue_rejected_total 0\n"), std::string::npos);
}

TEST(RobustnessServers, DeadlineCancelsWork) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"limits.deadline_ms=150"});
    auto r = http_get(server.url("/iiif/3/photo.jpg/full/max/0/default.png"));
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_LT(r.seconds, 1.5); // a full-size PNG takes several seconds when not cancelled
    EXPECT_EQ(http_get(server.url("/iiif/3/small.gif/full/max/0/default.png")).status, 200);
}

// CPU seconds the process has used (user + system), from /proc.
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) // state … cmajflt: utime is the 14th field overall
        fields >> skip;
    double utime = 0, stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

TEST(RobustnessServers, ClientThatLeavesStopsItsRender) {
    TempImageRoot root;
    ServerProcess server(root.path());
    {
        namespace net = boost::asio;
        net::io_context ioc;
        net::ip::tcp::socket s(ioc);
        s.connect({net::ip::make_address("127.0.0.1"),
                   static_cast<unsigned short>(std::stoi(port_of(server.url("/"))))});
        // A full-size PNG of the 6000 x 4000 sample: several CPU seconds when not stopped.
        net::write(s, net::buffer(std::string("GET /iiif/3/photo.jpg/full/max/0/default.png "
                                              "HTTP/1.1\r\nHost: x\r\n\r\n")));
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    } // the client hangs up mid-render
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    double settled = cpu_seconds(server.pid());
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    EXPECT_LT(cpu_seconds(server.pid()) - settled, 0.2) << "the render kept running";
    EXPECT_NE(server.log().find("\"status\":499"), std::string::npos) << server.log();
    // The same request from a client that stays is rendered in full afterwards.
    auto r = http_get(server.url("/iiif/3/photo.jpg/full/!600,600/0/default.png"));
    EXPECT_EQ(r.status, 200);
}

TEST(RobustnessServers, IdenticalRequestsShareOneAnswerWithoutQueueing) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"limits.workers=1", "limits.queue=1"});
    std::atomic<int> ok{0}, other{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 40; ++i)
        clients.emplace_back([&] {
            auto r = http_get(server.url("/iiif/3/photo.jpg/full/1500,/0/default.png"));
            (r.status == 200 && decode(r.body).width == 1500 ? ok : other)++;
        });
    for (auto& t : clients)
        t.join();
    EXPECT_EQ(ok, 40);
    EXPECT_EQ(other, 0);
    auto m = http_get(server.url("/metrics")).body;
    EXPECT_NE(m.find("pictor_queue_rejected_total 0\n"), std::string::npos) << m;
    EXPECT_EQ(m.find("pictor_shared_answers_total 0\n"), std::string::npos);
}

// A burst of uploads and replaces with a request queue of one: the uploads wait in their own
// lane and all succeed; readers of the image being replaced see the old or the new version,
// never an error.
TEST(RobustnessServers, UploadBurstsQueueAndReadersNeverFail) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"limits.workers=1", "limits.queue=1", "admin.user=admin",
                                       "admin.password=secret-pw", "admin.upload_bytes=20000000",
                                       "converter.upload_bytes=20000000"});
    std::ifstream in(root.path() / "portrait.jpg", std::ios::binary);
    const std::string portrait((std::istreambuf_iterator<char>(in)), {});
    std::ifstream in2(root.path() / "collection/page1.jpg", std::ios::binary);
    const std::string page((std::istreambuf_iterator<char>(in2)), {});
    const std::string admin = "Authorization: Basic YWRtaW46c2VjcmV0LXB3";
    ASSERT_EQ(
        http_request("PUT", server.url("/admin/assets/up/x.jpg/source"), {admin}, &portrait).status,
        201);
    std::atomic<int> uploads_ok{0}, replaces_ok{0}, reads_ok{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    auto failed = [&](const std::string& what, const HttpResponse& r) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(what + " " + std::to_string(r.status) + " " + r.body.substr(0, 200));
    };
    std::vector<std::thread> clients;
    for (int i = 0; i < 20; ++i)
        clients.emplace_back([&, i] {
            std::string body = "--B\r\nContent-Disposition: form-data; name=\"sourceImage\"; "
                               "filename=\"f\"\r\nContent-Type: image/jpeg\r\n\r\n" +
                               page + "\r\n--B--\r\n";
            auto r = http_request(
                "POST",
                server.url("/imageconverter/cacheImage/k" + std::to_string(i) + "?context=b"),
                {"Content-Type: multipart/form-data; boundary=B"}, &body);
            r.status == 200 ? (void)++uploads_ok : failed("preview upload", r);
        });
    for (int i = 0; i < 6; ++i) {
        clients.emplace_back([&, i] {
            const std::string& bytes = i % 2 ? portrait : page;
            auto r =
                http_request("PUT", server.url("/admin/assets/up/x.jpg/source"), {admin}, &bytes);
            r.status == 200 ? (void)++replaces_ok : failed("replace", r);
        });
        clients.emplace_back([&] {
            for (int k = 0; k < 3; ++k) {
                auto r = http_get(server.url("/iiif/3/up%2Fx.jpg/full/64,/0/default.jpg"));
                // 503 is the request lane's (queue of one) honest answer, never an error.
                if (r.status == 200 && decode(r.body).width == 64)
                    ++reads_ok;
                else if (r.status != 503)
                    failed("read", r);
            }
        });
    }
    for (auto& t : clients)
        t.join();
    EXPECT_TRUE(failures.empty()) << failures.front();
    EXPECT_EQ(uploads_ok, 20);
    EXPECT_EQ(replaces_ok, 6);
    EXPECT_GT(reads_ok, 0);
    // The last replace won; the asset decodes.
    EXPECT_EQ(http_get(server.url("/iiif/3/up%2Fx.jpg/info.json")).status, 200);
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

int run_pictor(const std::string& args, std::string* output) {
    std::string cmd = pictor_binary() + " " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
        output->append(buf);
    int status = ::pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

// The operator pages can be put behind HTTP Basic; the images and /healthz stay public.
TEST(RobustnessServers, OperatorPagesBehindBasicAuth) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"server.ops_user=ops", "server.ops_password=pw"});
    const std::string ops = "Authorization: Basic b3BzOnB3"; // ops:pw
    for (const char* page : {"/metrics", "/imageconverter/status?metrics=yes"}) {
        SCOPED_TRACE(page);
        auto refused = http_get(server.url(page));
        EXPECT_EQ(refused.status, 401);
        EXPECT_EQ(refused.header("www-authenticate"), "Basic realm=\"pictor operations\"");
        EXPECT_EQ(refused.header("cache-control"), "no-store");
        EXPECT_EQ(http_get(server.url(page), {"Authorization: Basic b3BzOnd4"}).status, 401);
        EXPECT_EQ(http_get(server.url(page), {ops}).status, 200);
    }
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).status, 200);
}

TEST(RobustnessServers, OperatorPagesOnTheirOwnListener) {
    TempImageRoot root;
    ServerProcess server(root.path(), {"ops.listen=127.0.0.1:0"});
    std::smatch m;
    std::string log = server.log();
    ASSERT_TRUE(
        std::regex_search(log, m, std::regex("operator pages listening on (http://[0-9.:]+)")))
        << log;
    std::string ops = m[1];
    for (const char* page : {"/metrics", "/imageconverter/status?metrics=yes"}) {
        SCOPED_TRACE(page);
        EXPECT_EQ(http_get(ops + page).status, 200);
        EXPECT_EQ(http_get(server.url(page)).status, 404); // gone from the public port
    }
    EXPECT_NE(http_get(ops + "/metrics").body.find("pictor_http_requests_total"),
              std::string::npos);
    EXPECT_EQ(http_get(ops + "/healthz").status, 200);
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
    // The operator port serves nothing else.
    EXPECT_EQ(http_get(ops + "/iiif/3/photo.jpg/info.json").status, 404);
    EXPECT_EQ(http_get(ops + "/imageconverter/getKeyCount").status, 404);
    EXPECT_EQ(http_get(server.url("/iiif/3/photo.jpg/full/100,/0/default.jpg")).status, 200);
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
