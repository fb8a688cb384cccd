#include "dialects/common/query_params.h"

#include "core/percent.h"

namespace pictor::dialects {
namespace {

core::Result<std::string> decode_component(std::string_view raw) {
    std::string plus_as_space(raw);
    for (char& c : plus_as_space)
        if (c == '+') c = ' ';
    auto decoded = core::percent_decode(plus_as_space);
    if (!decoded) return core::Error::bad_request("malformed percent-encoding in the query");
    return *decoded;
}

} // namespace

core::Result<QueryParams> parse_query(std::string_view query) {
    QueryParams out;
    if (query.size() > 4096) return core::Error::bad_request("query string too long");
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty()) continue;
        auto eq = item.find('=');
        auto name = decode_component(item.substr(0, eq));
        if (!name) return name.error();
        auto value = decode_component(eq == std::string_view::npos ? "" : item.substr(eq + 1));
        if (!value) return value.error();
        if (name->empty()) return core::Error::bad_request("query parameter without a name");
        for (const auto& [seen, _] : out)
            if (seen == *name)
                return core::Error::bad_request("query parameter '" + *name + "' given twice");
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

} // namespace pictor::dialects
