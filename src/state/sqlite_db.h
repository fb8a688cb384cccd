#pragma once
// SQLite behind the SQL interface (state/sql.h): the embedded default, one file, one
// connection (WAL, foreign keys on), migrations applied on open.
#include <memory>
#include <string>

#include "state/sql.h"

namespace pictor::state {

// Opens (creating) the file and applies pending migrations, one transaction each; a database
// newer than this binary is refused.
core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                                    const std::vector<Migration>& migrations);

} // namespace pictor::state
