#include "http/shared_answers.h"

#include <gtest/gtest.h>

namespace pictor::http {
namespace {

Request request(const std::string& target, std::vector<std::pair<std::string, std::string>> h) {
    Request r{beast_http::verb::get, target, 11};
    for (auto& [name, value] : h)
        r.set(name, value);
    return r;
}

std::string key_of(const Request& r, std::string_view client = "192.0.2.1") {
    RequestContext ctx{r, r.target(), "", Clock::now(), client, client, "test", nullptr};
    return answer_key(ctx);
}

TEST(AnswerKey, SeparatesWhatCanChangeAnAnswerAndIgnoresTheRest) {
    const std::string target = "/iiif/3/a.jpg/full/max/0/default.jpg";
    Request base = request(target, {{"User-Agent", "one"}});
    struct Row {
        const char* what;
        Request other;
        std::string client;
        bool same;
    };
    std::vector<Row> rows = {
        {"another user agent", request(target, {{"User-Agent", "two"}}), "192.0.2.1", true},
        {"a referer", request(target, {{"Referer", "https://x/"}}), "192.0.2.1", true},
        {"another target", request("/iiif/3/b.jpg/full/max/0/default.jpg", {}), "192.0.2.1", false},
        {"a cookie", request(target, {{"Cookie", "pictor_session=s"}}), "192.0.2.1", false},
        {"a bearer token", request(target, {{"Authorization", "Bearer t"}}), "192.0.2.1", false},
        {"content negotiation", request(target, {{"Accept", "image/webp"}}), "192.0.2.1", false},
        {"a precondition", request(target, {{"If-None-Match", "\"x\""}}), "192.0.2.1", false},
        {"a forwarded host", request(target, {{"X-Forwarded-Host", "h"}}), "192.0.2.1", false},
        {"another client address", request(target, {}), "192.0.2.9", false},
    };
    for (const auto& row : rows)
        EXPECT_EQ(key_of(base) == key_of(row.other, row.client), row.same) << row.what;
}

TEST(SharedAnswers, LaterRequestsWaitForTheFirstAndAllGetTheAnswer) {
    SharedAnswers shared;
    Reply deliver;
    int starts = 0;
    std::vector<int> statuses;
    auto start = [&](core::CancelFlag, Reply d) {
        ++starts;
        deliver = std::move(d);
    };
    auto reply = [&](Response&& r) { statuses.push_back(r.result_int()); };
    EXPECT_FALSE(shared.join("k", nullptr, reply, start));
    EXPECT_TRUE(shared.join("k", nullptr, reply, start));
    EXPECT_TRUE(shared.join("k", nullptr, reply, start));
    EXPECT_EQ(starts, 1);
    deliver(Response{beast_http::status::ok, 11});
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200}));
    // The flight is over: the next request starts its own work.
    EXPECT_FALSE(shared.join("k", nullptr, reply, start));
    EXPECT_EQ(starts, 2);
}

TEST(SharedAnswers, WorkIsCancelledOnlyWhenEveryClientHasGone) {
    SharedAnswers shared;
    core::CancelFlag cancel;
    auto start = [&](core::CancelFlag c, Reply) { cancel = std::move(c); };
    auto a = std::make_shared<ClientWatch>(), b = std::make_shared<ClientWatch>();
    shared.join(
        "k", a, [](Response&&) {}, start);
    shared.join(
        "k", b, [](Response&&) {}, start);
    a->mark_gone();
    EXPECT_FALSE(core::raised(cancel));
    b->mark_gone();
    EXPECT_TRUE(core::raised(cancel));
}

} // namespace
} // namespace pictor::http
