#include "http/byte_ranges.h"

#include <charconv>

#include "http/conditional.h"

namespace pictor::http {

using beast_http::field;
using beast_http::status;

namespace {

std::optional<std::uint64_t> number(std::string_view s) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// If-Range: the range applies only to the representation it names (an ETag compared strongly,
// or a date equal to Last-Modified).
bool if_range_holds(std::string_view value, std::string_view etag, std::int64_t last_modified_s) {
    if (value.empty()) return true;
    if (value.front() == '"' || value.starts_with("W/"))
        return !value.starts_with("W/") && value == etag;
    auto date = parse_http_date(value);
    return date && last_modified_s > 0 && *date == last_modified_s;
}

} // namespace

RangeDecision decide_range(const Request& request, std::uint64_t size, std::string_view etag,
                           std::int64_t last_modified_s) {
    auto range = request.find(field::range);
    if (range == request.end() || request.method() != beast_http::verb::get) return {};
    if (!if_range_holds(request[field::if_range], etag, last_modified_s)) return {};
    std::string_view spec = range->value();
    if (!spec.starts_with("bytes=")) return {};
    spec.remove_prefix(6);
    if (spec.find(',') != std::string_view::npos) return {}; // one range only: the whole answer
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return {};
    auto first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);
    ByteRange r;
    if (first_text.empty()) { // the last N bytes
        auto suffix = number(last_text);
        if (!suffix) return {};
        if (*suffix == 0 || size == 0) return {RangeAnswer::Unsatisfiable, {}};
        r.first = *suffix >= size ? 0 : size - *suffix;
        r.last = size - 1;
    } else {
        auto first = number(first_text);
        if (!first) return {};
        auto last = last_text.empty() ? std::optional(*first) : number(last_text);
        if (!last || *last < *first) return {}; // not a valid range: ignored
        if (*first >= size) return {RangeAnswer::Unsatisfiable, {}};
        if (last_text.empty()) last = size - 1;
        r.first = *first;
        r.last = std::min(*last, size - 1);
    }
    return {RangeAnswer::Partial, r};
}

void apply_range(Response& res, const RangeDecision& decision) {
    res.set(field::accept_ranges, "bytes");
    std::uint64_t size = res.body().size();
    switch (decision.answer) {
    case RangeAnswer::Whole: return;
    case RangeAnswer::Partial: {
        const auto& r = decision.range;
        res.result(status::partial_content);
        res.set(field::content_range, "bytes " + std::to_string(r.first) + "-" +
                                          std::to_string(r.last) + "/" + std::to_string(size));
        res.body().narrow(r.first, r.last - r.first + 1);
        break;
    }
    case RangeAnswer::Unsatisfiable:
        res.result(status::range_not_satisfiable);
        res.set(field::content_range, "bytes */" + std::to_string(size));
        res.body().clear();
        break;
    }
    res.prepare_payload();
}

} // namespace pictor::http
