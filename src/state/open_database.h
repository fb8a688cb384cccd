#pragma once
// Picks the backend for a state-database URL; sql.h is the interface both backends implement, so
// the choice lives here, above them, and not in sql.h.
#include <memory>
#include <string>

#include "core/result.h"
#include "state/sql.h"

namespace pictor::state {

// Opens the state database `url` names: "sqlite:PATH" (or a bare path) or "postgresql://…"
// (libpq's URI form; `pool_size` connections, statements cancelled after `statement_timeout_ms`).
// Migrations are applied once, under a lock, whichever node or store opens it first.
core::Result<std::shared_ptr<DatabasePool>> open_database(const std::string& url, int pool_size,
                                                          int statement_timeout_ms);

} // namespace pictor::state
