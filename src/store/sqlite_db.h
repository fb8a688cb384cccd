#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements with bound
// parameters (never string-built SQL), transactions, and the versioned schema migrations of
// store/migrations/ applied in order on open.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pictor::store {

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);
    // Next row: true while there is one. Errors are thrown as std::runtime_error (caught by
    // the catalog and turned into a core::Error).
    bool step();
    // Runs to completion.
    void run();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

// The migrations compiled in from store/migrations/NNN_name.sql, ascending.
const std::vector<Migration>& catalog_migrations();

class Database {
  public:
    // Opens (creating) the file, enables WAL and foreign keys, applies pending migrations in one
    // transaction each; a database newer than this binary is refused.
    static core::Result<std::unique_ptr<Database>> open(const std::string& path,
                                                        const std::vector<Migration>& migrations);
    ~Database();

    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    void exec(std::string_view sql);
    int schema_version();
    std::int64_t changes() const;

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_;
};

// Runs `body` under `mutex`, turning SQLite failures (thrown by Statement) into a core::Error
// whose detail names `who`.
template <class F>
auto run_locked(std::mutex& mutex, const char* who, F&& body) -> decltype(body()) {
    std::lock_guard lock(mutex);
    try {
        return body();
    } catch (const std::exception& e) {
        return core::Error::internal(std::string(who) + ": " + e.what());
    }
}

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() is reached.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

} // namespace pictor::store
