#pragma once
// What `pictor admin` prints for an answer of the admin API: a table or "key: value" lines for a
// person (dates in ISO 8601, UTC), or the JSON itself with --json, for scripts.
#include <string>

#include <nlohmann/json.hpp>

namespace pictor::app {

// `command` is the first word of the admin command ("assets", "users", "policy", …); `answer`
// the API's JSON (null for an empty 2xx answer).
std::string format_admin_answer(const std::string& command, const nlohmann::json& answer);

// Columns padded to their widest cell, two spaces apart; the first row is the header.
std::string format_table(const std::vector<std::vector<std::string>>& rows);

// Seconds since the epoch as "2026-12-02T20:56:47Z"; "-" for 0.
std::string iso_time(long long epoch_seconds);

} // namespace pictor::app
