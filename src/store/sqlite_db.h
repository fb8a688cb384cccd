#pragma once
// SQLite behind the SQL interface (store/sql.h): the embedded default, one file, one
// connection (WAL, foreign keys on), migrations applied on open.
#include <memory>
#include <string>

#include "store/sql.h"

namespace pictor::store {

// Opens (creating) the file and applies pending migrations, one transaction each; a database
// newer than this binary is refused.
core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                                    const std::vector<Migration>& migrations);

} // namespace pictor::store
