#pragma once
// Wall-clock time as stored in the catalog and shown in documents.
#include <cstdint>
#include <string>

namespace pictor::core {

// Seconds since the Unix epoch, now.
std::int64_t unix_now_s();
// "2026-11-21T05:28:09Z" for seconds since the epoch.
std::string iso_utc(std::int64_t seconds);

} // namespace pictor::core
