#pragma once
// A PostgreSQL server of the tests' own, from Debian's package: initdb in a temp folder, run as
// the `postgres` user when the tests run as root, listening on a Unix socket in that folder only
// (no TCP port at all), fsync off. Each test asks for a fresh database by name.
#include <filesystem>
#include <string>

#include <sys/types.h>

namespace pictor::test {

class PostgresServer {
  public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // Creates database `name` (dropping an earlier one of that name) and returns its libpq URL.
    std::string fresh_database(const std::string& wanted);
    // The URL of database `name`, created on first use and kept (a server's restarts share it).
    std::string database(const std::string& wanted);
    // Fast shutdown, then a start on the same data: connections drop, the data stays.
    void restart();
    void stop();
    void start();

    // One server per test process, started on first use.
    static PostgresServer& shared();

  private:
    void run_sql(const std::string& sql);
    std::filesystem::path dir_;
    std::filesystem::path bin_;
    int port_ = 0;
    pid_t pid_ = -1;
};

} // namespace pictor::test
