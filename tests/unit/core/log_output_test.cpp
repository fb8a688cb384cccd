// Log lines: the request id and other scope fields reach every line of the thread (and only
// while the scope lasts), client request ids are accepted only when safe, JSON lines parse and
// carry millisecond UTC times, and text lines quote what needs quoting.
#include <cstdio>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/log_context.h"
#include "core/log_output.h"

namespace pictor::core {
namespace {

// The lines written while `write` runs, as text.
template <class F> std::string captured(LogFormat format, F write) {
    std::FILE* file = std::tmpfile();
    set_log_stream(file);
    set_log_format(format);
    write();
    set_log_stream(stdout);
    set_log_format(LogFormat::Json);
    std::string out;
    std::rewind(file);
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        out.append(buffer, n);
    std::fclose(file);
    return out;
}

TEST(LogContext, ScopesNestAndEnd) {
    EXPECT_TRUE(LogScope::current().empty());
    {
        LogScope request("request_id", "r1");
        {
            LogScope cause("cause", "SourceCorrupt");
            EXPECT_EQ(LogScope::current(),
                      (LogFields{{"request_id", "r1"}, {"cause", "SourceCorrupt"}}));
        }
        EXPECT_EQ(LogScope::current(), (LogFields{{"request_id", "r1"}}));
    }
    EXPECT_TRUE(LogScope::current().empty());
}

TEST(LogContext, ClientRequestIdsAreAcceptedOnlyWhenSafe) {
    struct Case {
        std::string id;
        bool accepted;
    };
    for (const auto& c :
         {Case{"abc-123", true}, Case{"4bf92f3577b34da6a3ce929d0e0e4736", true},
          Case{"trace:span.1_x", true}, Case{std::string(128, 'a'), true},
          Case{std::string(129, 'a'), false}, Case{"", false}, Case{"two words", false},
          Case{"quote\"", false}, Case{"line\nbreak", false}, Case{"{\"json\":1}", false},
          Case{"caf\xc3\xa9", false}})
        EXPECT_EQ(is_acceptable_request_id(c.id), c.accepted) << c.id;
}

TEST(LogContext, NewRequestIdsAre32HexDigitsAndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = new_request_id();
        EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}"))) << id;
        EXPECT_TRUE(is_acceptable_request_id(id));
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(LogOutput, JsonLinesCarryTimeLevelScopeAndFields) {
    auto text = captured(LogFormat::Json, [] {
        LogScope request("request_id", "r-7");
        write_log_line("warn", "app", "a \"quoted\" message\nwith a break",
                       {{"status", 422}, {"target", "/iiif/3/x/full/max/0/default.jpg"}});
    });
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.find('\n'), text.size() - 1); // one line, whatever the message holds
    auto line = nlohmann::json::parse(text);
    EXPECT_TRUE(std::regex_match(line["time"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << line["time"];
    EXPECT_EQ(line["level"], "warn");
    EXPECT_EQ(line["log"], "app");
    EXPECT_EQ(line["msg"], "a \"quoted\" message\nwith a break");
    EXPECT_EQ(line["request_id"], "r-7");
    EXPECT_EQ(line["status"], 422);
    EXPECT_EQ(line["target"], "/iiif/3/x/full/max/0/default.jpg");
}

TEST(LogOutput, InvalidUtf8IsReplacedNotThrown) {
    auto text = captured(LogFormat::Json, [] {
        write_log_line("info", "access", "GET /\xff\xfe", {{"target", "/\xff"}});
    });
    EXPECT_NO_THROW(nlohmann::json::parse(text)) << text;
}

TEST(LogOutput, TextLinesAreReadableAndQuoteWhatNeedsIt) {
    auto text = captured(LogFormat::Text, [] {
        LogScope request("request_id", "r-8");
        write_log_line("error", "app", "render failed", {{"cause", "Internal"}, {"ua", "curl 8"}});
    });
    EXPECT_TRUE(std::regex_search(
        text, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error render failed )")))
        << text;
    EXPECT_NE(text.find(" request_id=r-8"), std::string::npos) << text;
    EXPECT_NE(text.find(" cause=Internal"), std::string::npos) << text;
    EXPECT_NE(text.find(" ua=\"curl 8\""), std::string::npos) << text;
}

} // namespace
} // namespace pictor::core
