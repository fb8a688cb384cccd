#pragma once
// PostgreSQL behind the SQL interface (state/sql.h), through libpq: several pictor nodes share
// one database. Statements written with `?` are sent as `$1, $2 …` with text parameters;
// connections carry a statement timeout and reconnect after the server restarted (a statement
// on a dropped connection throws DatabaseUnavailable: 503, then the pool reconnects).
#include <memory>
#include <string>
#include <vector>

#include "state/sql.h"

namespace pictor::state {

// `url`: "postgresql://user@host:port/db?…" (libpq's URI form). Migrations are applied by the
// first connection under an advisory lock, so nodes starting together migrate once.
core::Result<std::vector<std::unique_ptr<Database>>>
open_postgres(const std::string& url, const std::vector<Migration>& migrations, int connections,
              int statement_timeout_ms);

// "… WHERE a = ? AND b = '?'" -> "… WHERE a = $1 AND b = '?'" (quoted text left alone).
std::string numbered_placeholders(std::string_view sql);

} // namespace pictor::state
