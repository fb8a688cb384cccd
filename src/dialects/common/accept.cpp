#include "dialects/common/accept.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "core/text.h"

namespace pictor::dialects {
namespace {

using core::trim;

// "q=0.8" -> 0.8; malformed q is treated as 1 like most servers do.
double q_of(std::string_view params) {
    while (!params.empty()) {
        auto semi = params.find(';');
        auto p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            std::string v(p.substr(2));
            char* end = nullptr;
            double q = std::strtod(v.c_str(), &end);
            if (end && *end == '\0' && q >= 0 && q <= 1) return q;
        }
    }
    return 1.0;
}

// The q this Accept header gives `mime`: the most specific matching range decides. Without
// `wildcards`, only a range naming `mime` itself counts.
std::optional<double> quality_for(std::string_view accept, std::string_view mime, bool wildcards) {
    std::string type(mime.substr(0, mime.find('/')));
    int best_specificity = -1;
    double q = 0;
    while (!accept.empty()) {
        auto comma = accept.find(',');
        auto item = trim(accept.substr(0, comma));
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        auto semi = item.find(';');
        std::string range = core::to_lower(trim(item.substr(0, semi)));
        int specificity = -1;
        if (range == mime)
            specificity = 2;
        else if (wildcards && range == type + "/*")
            specificity = 1;
        else if (wildcards && range == "*/*")
            specificity = 0;
        if (specificity > best_specificity) {
            best_specificity = specificity;
            q = semi == std::string_view::npos ? 1.0 : q_of(item.substr(semi + 1));
        }
    }
    if (best_specificity < 0) return std::nullopt;
    return q;
}

} // namespace

core::ImageFormat negotiate_format(std::string_view accept,
                                   const std::vector<core::ImageFormat>& candidates) {
    core::ImageFormat fallback = candidates.back();
    if (trim(accept).empty()) return fallback;
    double best_q = 0;
    std::optional<core::ImageFormat> best;
    for (auto f : candidates) {
        auto q = quality_for(accept, core::mime_type(f), f == fallback);
        if (q && *q > best_q) {
            best_q = *q;
            best = f;
        }
    }
    return best.value_or(fallback);
}

} // namespace pictor::dialects
