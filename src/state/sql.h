#pragma once
// The SQL layer under the catalog and the converter index: one interface, two engines —
// SQLite (the embedded default, state/sqlite_db.h) and PostgreSQL (several nodes sharing state,
// state/postgres_db.h). Statements are prepared with `?` placeholders and bound parameters
// (never string-built SQL) in the SQL both engines speak; each engine applies its own versioned
// migrations (state/migrations/, state/migrations/postgres/) when it opens. A DatabasePool
// lends connections to one caller at a time.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pictor::state {

// Thrown when the database cannot be reached (a restart, a dropped connection): callers answer
// 503 and the pool reconnects on the next lease. Other failures are std::runtime_error.
struct DatabaseUnavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Thrown when the database cannot take a write for want of room: its disk full (SQLite's
// SQLITE_FULL, PostgreSQL's 53100), read-only, or out of memory. Callers answer 503 too: the
// server's capacity, not a bug.
struct DatabaseFull : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class StatementImpl {
  public:
    virtual ~StatementImpl() = default;
    virtual void bind(int index, std::string_view text) = 0;
    virtual void bind(int index, std::int64_t value) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;
    virtual std::string text(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual bool is_null(int column) const = 0;
};

// A prepared statement. Errors are thrown (std::runtime_error, DatabaseUnavailable) and turned
// into a core::Error by with_database().
class Statement {
  public:
    explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

    Statement& bind(int index, std::string_view text) {
        impl_->bind(index, text);
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        impl_->bind(index, value);
        return *this;
    }
    Statement& bind_null(int index) {
        impl_->bind_null(index);
        return *this;
    }
    // Next row: true while there is one.
    bool step() { return impl_->step(); }
    // Runs to completion.
    void run() {
        while (step()) {
        }
    }
    std::string text(int column) const { return impl_->text(column); }
    std::int64_t integer(int column) const { return impl_->integer(column); }
    bool is_null(int column) const { return impl_->is_null(column); }

  private:
    std::unique_ptr<StatementImpl> impl_;
};

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

// The migrations compiled in from state/migrations/NNN_name.sql (SQLite) and
// state/migrations/postgres/NNN_name.sql, ascending.
const std::vector<Migration>& catalog_migrations();
const std::vector<Migration>& postgres_migrations();

class Database {
  public:
    virtual ~Database() = default;
    virtual Statement prepare(std::string_view sql) = 0;
    virtual void exec(std::string_view sql) = 0;
    virtual int schema_version() = 0;
    virtual std::int64_t changes() const = 0; // rows the last statement changed
    // Starts a transaction that takes the write lock at once (SQLite's BEGIN IMMEDIATE).
    virtual void begin() = 0;
    // Usable, reconnecting if it was not; false when the database cannot be reached.
    virtual bool healthy() { return true; }
};

// BEGIN ... COMMIT, rolled back unless commit() is reached.
class Transaction {
  public:
    explicit Transaction(Database& db) : db_(db) { db_.begin(); }
    ~Transaction();
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

// Connections lent to one caller at a time; a caller waits while all are in use.
class DatabasePool {
  public:
    explicit DatabasePool(std::vector<std::unique_ptr<Database>> connections);

    class Lease {
      public:
        Lease(DatabasePool& pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
        ~Lease() { pool_.give_back(std::move(db_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Database& operator*() { return *db_; }
        Database* operator->() { return db_.get(); }

      private:
        DatabasePool& pool_;
        std::unique_ptr<Database> db_;
    };
    Lease lease();

  private:
    void give_back(std::unique_ptr<Database> db);

    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Database>> idle_;
};

// Runs `body` with a leased connection, turning failures into a core::Error whose detail names
// `who`: the database unreachable is Busy (503, try again), anything else Internal.
template <class F>
auto with_database(DatabasePool& pool, const char* who, F&& body)
    -> decltype(body(std::declval<Database&>())) {
    try {
        auto db = pool.lease();
        if (!db->healthy()) throw DatabaseUnavailable("cannot reach the database");
        return body(*db);
    } catch (const DatabaseUnavailable& e) {
        return core::Error{core::ErrorCode::Busy, "the state database is unavailable; try again",
                           std::string(who) + ": " + e.what()};
    } catch (const DatabaseFull& e) {
        return core::Error{core::ErrorCode::OutOfResources,
                           "the state database cannot store this now; try again shortly",
                           std::string(who) + ": " + e.what() + " (no_space)"};
    } catch (const std::exception& e) {
        return core::Error::internal(std::string(who) + ": " + e.what());
    }
}

} // namespace pictor::state
