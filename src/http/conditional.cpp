#include "http/conditional.h"

#include <cstring>
#include <ctime>

#include "core/text.h"

namespace pictor::http {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

using core::trim;

std::string_view opaque(std::string_view tag) {
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    return tag;
}

} // namespace

std::string format_http_date(std::int64_t seconds) {
    // Every hit of one derivative answers the same Last-Modified: formatted once per thread
    // (gmtime_r and snprintf were 2 % of a warm hit's CPU).
    thread_local std::int64_t last_seconds = -1;
    thread_local std::string last_text;
    if (seconds == last_seconds) return last_text;
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    last_seconds = seconds;
    last_text = buf;
    return last_text;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    std::string s(trim(text));
    if (s.size() > 64) return std::nullopt;
    for (const char* format :
         {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
        std::tm tm{};
        const char* end = strptime(s.c_str(), format, &tm);
        if (end && *end == '\0') return static_cast<std::int64_t>(timegm(&tm));
    }
    return std::nullopt;
}

bool etag_list_matches(std::string_view list, std::string_view etag, bool weak) {
    if (trim(list) == "*") return true;
    if (!weak && etag.substr(0, 2) == "W/") return false;
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view item = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (weak ? opaque(item) == opaque(etag) : item == etag) return true;
    }
    return false;
}

Precondition evaluate_preconditions(const Request& request, std::string_view etag,
                                    std::int64_t last_modified_s) {
    using beast_http::field;
    bool safe =
        request.method() == beast_http::verb::get || request.method() == beast_http::verb::head;
    if (auto it = request.find(field::if_match); it != request.end()) {
        if (!etag_list_matches(it->value(), etag, false)) return Precondition::Failed;
    } else if (auto ius = request.find(field::if_unmodified_since); ius != request.end()) {
        if (auto date = parse_http_date(ius->value()); date && last_modified_s > *date)
            return Precondition::Failed;
    }
    if (auto it = request.find(field::if_none_match); it != request.end()) {
        if (etag_list_matches(it->value(), etag, true))
            return safe ? Precondition::NotModified : Precondition::Failed;
    } else if (auto ims = request.find(field::if_modified_since);
               ims != request.end() && safe && last_modified_s > 0) { // 0: no date to compare
        if (auto date = parse_http_date(ims->value()); date && last_modified_s <= *date)
            return Precondition::NotModified;
    }
    return Precondition::Proceed;
}

} // namespace pictor::http
