#pragma once
// Range requests on a whole file's bytes (RFC 9110 §14): one `bytes=` range, honoured when
// If-Range (an ETag, compared strongly, or a date) still names the representation. Several
// ranges, another unit or a Range that does not parse are ignored (the whole answer, 200), as
// the RFC allows; a range that starts beyond the end is 416.
#include <cstdint>
#include <optional>
#include <string_view>

#include "http/types.h"

namespace pictor::http {

struct ByteRange {
    std::uint64_t first = 0, last = 0; // inclusive
};

enum class RangeAnswer { Whole, Partial, Unsatisfiable };

struct RangeDecision {
    RangeAnswer answer = RangeAnswer::Whole;
    ByteRange range;
};

// What to answer for a representation of `size` bytes with these validators.
RangeDecision decide_range(const Request& request, std::uint64_t size, std::string_view etag,
                           std::int64_t last_modified_s);

// Turns a 200 whose body is the whole representation into the decided answer: 206 with the
// slice and Content-Range, or 416 with "bytes */size"; Accept-Ranges either way.
void apply_range(Response& res, const RangeDecision& decision);

} // namespace pictor::http
