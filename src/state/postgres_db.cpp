#include "state/postgres_db.h"

#include <optional>

#include <libpq-fe.h>

namespace pictor::state {
namespace {

// Any one number, the same on every node: the lock migrations are applied under.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(745763746)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(745763746)";

struct ResultFree {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;

// Connection loss, server shutdown, statement timeout: the database, not the statement, failed.
bool unavailable(PGconn* conn, const PGresult* r) {
    if (PQstatus(conn) != CONNECTION_OK) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string s = state ? state : "";
    return s.starts_with("08") || s.starts_with("57") || s == "53300"; // too many connections
}

// Throws unless `r` is a success.
PgResult checked(PGconn* conn, PGresult* raw, std::string_view what) {
    PgResult r(raw);
    auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
    std::string why = std::string(what) + ": " + PQerrorMessage(conn);
    if (unavailable(conn, r.get())) throw DatabaseUnavailable(why);
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string s = state ? state : "";
    // disk_full, out_of_memory, read_only_sql_transaction (a standby): no room, not a bug.
    if (s == "53100" || s == "53200" || s == "25006") throw DatabaseFull(why);
    throw std::runtime_error(why);
}

class PgStatement : public StatementImpl {
  public:
    PgStatement(PGconn* conn, std::string sql, std::int64_t& changes)
        : conn_(conn), sql_(std::move(sql)), changes_(changes) {}

    void bind(int index, std::string_view text) override { at(index) = std::string(text); }
    void bind(int index, std::int64_t value) override { at(index) = std::to_string(value); }
    void bind_null(int index) override { at(index) = std::nullopt; }
    bool step() override {
        if (!result_) run();
        return ++row_ < PQntuples(result_.get());
    }
    std::string text(int column) const override {
        return std::string(PQgetvalue(result_.get(), row_, column),
                           static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
    }
    std::int64_t integer(int column) const override {
        std::string t = text(column);
        return t.empty() ? 0 : std::stoll(t);
    }
    bool is_null(int column) const override {
        return PQgetisnull(result_.get(), row_, column) != 0;
    }

  private:
    std::optional<std::string>& at(int index) {
        if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
        return params_[static_cast<std::size_t>(index - 1)];
    }
    void run() {
        std::vector<const char*> values;
        for (const auto& p : params_)
            values.push_back(p ? p->c_str() : nullptr);
        result_ = checked(conn_,
                          PQexecParams(conn_, sql_.c_str(), static_cast<int>(values.size()),
                                       nullptr, values.data(), nullptr, nullptr, 0),
                          "statement");
        const char* tuples = PQcmdTuples(result_.get());
        changes_ = tuples && *tuples ? std::stoll(tuples) : 0;
    }

    PGconn* conn_;
    std::string sql_;
    std::int64_t& changes_;
    std::vector<std::optional<std::string>> params_;
    PgResult result_;
    int row_ = -1;
};

class PgDatabase : public Database {
  public:
    explicit PgDatabase(PGconn* conn) : conn_(conn) {}
    ~PgDatabase() override { PQfinish(conn_); }
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    Statement prepare(std::string_view sql) override {
        return Statement(
            std::make_unique<PgStatement>(conn_, numbered_placeholders(sql), changes_));
    }
    void exec(std::string_view sql) override {
        std::string s(sql);
        checked(conn_, PQexec(conn_, s.c_str()), "exec");
    }
    int schema_version() override {
        auto st = prepare("SELECT COALESCE(MAX(version), 0) FROM pictor_schema");
        return st.step() ? static_cast<int>(st.integer(0)) : 0;
    }
    std::int64_t changes() const override { return changes_; }
    void begin() override { exec("BEGIN"); }
    bool healthy() override {
        if (PQstatus(conn_) == CONNECTION_OK) return true;
        PQreset(conn_); // after a server restart or a dropped connection
        return PQstatus(conn_) == CONNECTION_OK;
    }

  private:
    PGconn* conn_;
    std::int64_t changes_ = 0;
};

core::Result<std::unique_ptr<PgDatabase>> connect(const std::string& url,
                                                  int statement_timeout_ms) {
    std::string options = "-c statement_timeout=" + std::to_string(statement_timeout_ms);
    const char* keys[] = {"dbname", "options", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), options.c_str(), "5", "pictor", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1); // dbname is expanded as a URI
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        std::string why = conn ? PQerrorMessage(conn) : "out of memory";
        PQfinish(conn);
        return core::Error::failure("cannot connect to the state database: " + why);
    }
    // Server notices ("relation … already exists, skipping") are not pictor's to print.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return std::make_unique<PgDatabase>(conn);
}

void migrate(Database& db, const std::vector<Migration>& migrations) {
    db.exec("CREATE TABLE IF NOT EXISTS pictor_schema (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_s BIGINT NOT NULL)");
    int current = db.schema_version();
    int newest = migrations.empty() ? 0 : migrations.back().version;
    if (current > newest)
        throw std::runtime_error("schema version " + std::to_string(current) +
                                 " is newer than this pictor (" + std::to_string(newest) + ")");
    for (const auto& m : migrations) {
        if (m.version <= current) continue;
        Transaction tx(db);
        db.exec(m.sql);
        db.prepare("INSERT INTO pictor_schema (version, name, applied_s) "
                   "VALUES (?, ?, EXTRACT(EPOCH FROM now())::BIGINT)")
            .bind(1, std::int64_t{m.version})
            .bind(2, m.name)
            .run();
        tx.commit();
    }
}

} // namespace

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    int n = 0;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted)
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

core::Result<std::vector<std::unique_ptr<Database>>>
open_postgres(const std::string& url, const std::vector<Migration>& migrations, int connections,
              int statement_timeout_ms) {
    std::vector<std::unique_ptr<Database>> out;
    for (int i = 0; i < std::max(1, connections); ++i) {
        auto db = connect(url, statement_timeout_ms);
        if (!db) return db.error();
        out.push_back(std::move(*db));
    }
    // Migrations may take longer than one statement's timeout: none while they run.
    try {
        Database& first = *out.front();
        first.exec("SET statement_timeout = 0");
        first.exec(kMigrationLock);
        try {
            migrate(first, migrations);
        } catch (...) {
            first.exec(kMigrationUnlock);
            throw;
        }
        first.exec(kMigrationUnlock);
        first.exec("SET statement_timeout = " + std::to_string(statement_timeout_ms));
    } catch (const std::exception& e) {
        return core::Error::failure(std::string("cannot migrate the state database: ") + e.what());
    }
    return out;
}

} // namespace pictor::state
