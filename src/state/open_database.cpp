#include "state/open_database.h"

#include "state/postgres_db.h"
#include "state/sqlite_db.h"

namespace pictor::state {

core::Result<std::shared_ptr<DatabasePool>> open_database(const std::string& url, int pool_size,
                                                          int statement_timeout_ms) {
    std::vector<std::unique_ptr<Database>> connections;
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        auto opened = open_postgres(url, postgres_migrations(), pool_size, statement_timeout_ms);
        if (!opened) return opened.error();
        connections = std::move(*opened);
    } else {
        // WAL lets SQLite connections read side by side (session lookups next to converter
        // reads); writers take turns through BEGIN IMMEDIATE and the busy timeout.
        std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
        for (int i = 0; i < std::max(1, pool_size); ++i) {
            auto db = open_sqlite(path, catalog_migrations());
            if (!db) return db.error();
            connections.push_back(std::move(*db));
        }
    }
    return std::make_shared<DatabasePool>(std::move(connections));
}

} // namespace pictor::state
