#include "state/sqlite_db.h"

#include <stdexcept>

#include <sqlite3.h>

namespace pictor::state {

namespace {

// A full disk, a read-only file or no memory is the server's capacity (DatabaseFull).
bool out_of_room(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_NOMEM;
}

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    std::string why = std::string(what) + ": " + sqlite3_errmsg(db);
    if (out_of_room(sqlite3_extended_errcode(db))) throw DatabaseFull(why);
    throw std::runtime_error(why);
}

class SqliteStatement : public StatementImpl {
  public:
    SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
            SQLITE_OK)
            fail(db, "prepare");
    }
    ~SqliteStatement() override { sqlite3_finalize(stmt_); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void bind(int index, std::string_view text) override {
        if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                              SQLITE_TRANSIENT) != SQLITE_OK)
            fail(db_, "bind");
    }
    void bind(int index, std::int64_t value) override {
        if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
    }
    void bind_null(int index) override {
        if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
    }
    bool step() override {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(db_, "step");
    }
    std::string text(int column) const override {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                 : std::string();
    }
    std::int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
    bool is_null(int column) const override {
        return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDatabase : public Database {
  public:
    explicit SqliteDatabase(sqlite3* db) : db_(db) {}
    ~SqliteDatabase() override { sqlite3_close(db_); }
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    Statement prepare(std::string_view sql) override {
        return Statement(std::make_unique<SqliteStatement>(db_, sql));
    }
    void exec(std::string_view sql) override;
    int schema_version() override {
        auto st = prepare("PRAGMA user_version");
        return st.step() ? static_cast<int>(st.integer(0)) : 0;
    }
    std::int64_t changes() const override { return sqlite3_changes64(db_); }
    void begin() override { exec("BEGIN IMMEDIATE"); }

  private:
    sqlite3* db_;
};

void SqliteDatabase::exec(std::string_view sql) {
    std::string s(sql);
    char* message = nullptr;
    if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
        std::string why = "exec: " + std::string(message ? message : "unknown error");
        sqlite3_free(message);
        if (out_of_room(rc)) throw DatabaseFull(why);
        throw std::runtime_error(why);
    }
}

} // namespace

core::Result<std::unique_ptr<Database>> open_sqlite(const std::string& path,
                                                    const std::vector<Migration>& migrations) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
        std::string why = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        return core::Error::failure("cannot open catalog " + path + ": " + why);
    }
    auto db = std::make_unique<SqliteDatabase>(raw);
    try {
        sqlite3_busy_timeout(raw, 5000);
        db->exec("PRAGMA journal_mode=WAL");
        db->exec("PRAGMA synchronous=NORMAL");
        db->exec("PRAGMA foreign_keys=ON");
        int current = db->schema_version();
        int newest = migrations.empty() ? 0 : migrations.back().version;
        if (current > newest)
            return core::Error::failure("catalog " + path + " has schema version " +
                                        std::to_string(current) + ", newer than this pictor (" +
                                        std::to_string(newest) + ")");
        for (const auto& m : migrations) {
            if (m.version <= current) continue;
            Transaction tx(*db);
            db->exec(m.sql);
            db->exec("PRAGMA user_version=" + std::to_string(m.version));
            tx.commit();
        }
    } catch (const std::exception& e) {
        return core::Error::failure("cannot prepare catalog " + path + ": " + e.what());
    }
    return std::unique_ptr<Database>(std::move(db));
}

} // namespace pictor::state
