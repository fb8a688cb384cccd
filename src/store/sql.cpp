#include "store/sql.h"

#include "store/postgres_db.h"
#include "store/sqlite_db.h"

namespace pictor::store {

Transaction::~Transaction() {
    if (!done_) try {
            db_.exec("ROLLBACK");
        } catch (...) {
        }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

DatabasePool::DatabasePool(std::vector<std::unique_ptr<Database>> connections)
    : idle_(std::move(connections)) {}

DatabasePool::Lease DatabasePool::lease() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty(); });
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
}

void DatabasePool::give_back(std::unique_ptr<Database> db) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(db));
    }
    returned_.notify_one();
}

core::Result<std::shared_ptr<DatabasePool>> open_database(const std::string& url, int pool_size,
                                                          int statement_timeout_ms) {
    std::vector<std::unique_ptr<Database>> connections;
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        auto opened = open_postgres(url, postgres_migrations(), pool_size, statement_timeout_ms);
        if (!opened) return opened.error();
        connections = std::move(*opened);
    } else {
        // WAL lets SQLite connections read side by side (session lookups next to preview-cache
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

} // namespace pictor::store
