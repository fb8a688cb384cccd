#pragma once
// A URL query string ("a=1&b=two") split into percent-decoded name/value pairs, in order.
// Malformed percent-encoding or an empty name is a 400; a repeated name is a 400 too, since
// the dialects here give every parameter one meaning.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pictor::dialects {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

core::Result<QueryParams> parse_query(std::string_view query);

} // namespace pictor::dialects
