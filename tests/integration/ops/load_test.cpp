// Under load, against the real binary: a full queue answers 503 with Retry-After, a deadline
// and a client that hangs up stop the render, identical requests share one answer, and a burst
// of uploads waits in its own lane while readers never see an error.
#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "integration/fixture.h"

namespace pictor::test {
namespace {

TEST(UnderLoad, FullQueueAnswers503) {
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

TEST(UnderLoad, DeadlineCancelsWork) {
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

TEST(UnderLoad, ClientThatLeavesStopsItsRender) {
    TempImageRoot root;
    ServerProcess server(root.path());
    {
        namespace net = boost::asio;
        net::io_context ioc;
        net::ip::tcp::socket s(ioc);
        s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())});
        // A full-size PNG of the 6000 x 4000 sample: several CPU seconds when not stopped.
        net::write(s, net::buffer(std::string("GET /iiif/3/photo.jpg/full/max/0/default.png "
                                              "HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
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

TEST(UnderLoad, IdenticalRequestsShareOneAnswerWithoutQueueing) {
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
TEST(UnderLoad, UploadBurstsQueueAndReadersNeverFail) {
    TempImageRoot root;
    ServerProcess server(root.path(),
                         {"limits.workers=1", "limits.queue=1", "admin.user=admin",
                          "admin.password=secret-pw", "admin.upload_bytes=20000000",
                          "converter.upload_bytes=20000000", "converter.anonymous=read write"});
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

} // namespace
} // namespace pictor::test
