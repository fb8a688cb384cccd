#include "support/postgres_server.h"

#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <thread>

#include <csignal>
#include <sys/wait.h>

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include "support/server_process.h"

namespace pictor::test {

namespace fs = std::filesystem;

namespace {

// Debian installs the server under /usr/lib/postgresql/VERSION/bin; the newest one wins.
fs::path server_bin() {
    fs::path best;
    std::error_code ec;
    for (auto& v : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (fs::exists(v.path() / "bin/postgres") && v.path() > best.parent_path())
            best = v.path() / "bin";
    if (best.empty())
        throw std::runtime_error("PostgreSQL is not installed (Debian's postgresql package; "
                                 "scripts/install-deps.sh installs it)");
    return best;
}

// As root, the server runs as `postgres` (it refuses root); otherwise as whoever runs the tests.
std::vector<std::string> as_server_user(std::vector<std::string> args) {
    if (::geteuid() != 0) return args;
    args.insert(args.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    return args;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

PostgresServer::PostgresServer() : dir_(make_temp_dir("pg")), bin_(server_bin()) {
    port_ = 20000 + static_cast<int>(::getpid() % 20000);
    if (::geteuid() == 0) {
        passwd* pg = ::getpwnam("postgres");
        if (!pg) throw std::runtime_error("no postgres user");
        if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0)
            throw std::runtime_error("cannot hand " + dir_.string() + " to postgres");
    }
    pid_t init =
        spawn_logged(as_server_user({(bin_ / "initdb").string(), "-D", (dir_ / "data").string(),
                                     "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"}),
                     dir_ / "initdb.log");
    if (wait_for(init) != 0)
        throw std::runtime_error("initdb failed: " + read_bytes(dir_ / "initdb.log"));
    start();
}

PostgresServer::~PostgresServer() {
    stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void PostgresServer::start() {
    pid_ = spawn_logged(
        as_server_user({(bin_ / "postgres").string(), "-D", (dir_ / "data").string(), "-k",
                        dir_.string(), "-p", std::to_string(port_), "-c", "listen_addresses=", "-c",
                        "fsync=off", "-c", "max_connections=200"}),
        dir_ / "server.log");
    std::string socket = (dir_ / (".s.PGSQL." + std::to_string(port_))).string();
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::string url = "postgresql:///postgres?host=" + dir_.string() +
                      "&port=" + std::to_string(port_) + "&user=postgres";
    while (std::chrono::steady_clock::now() < until) {
        if (fs::exists(socket) && PQping(url.c_str()) == PQPING_OK) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("PostgreSQL did not start: " + read_bytes(dir_ / "server.log"));
}

void PostgresServer::stop() {
    if (pid_ <= 0) return;
    // Fast shutdown (clients are disconnected), through pg_ctl: a signal to runuser would not
    // reach the server.
    pid_t ctl = spawn_logged(as_server_user({(bin_ / "pg_ctl").string(), "-D",
                                             (dir_ / "data").string(), "-m", "fast", "-w", "stop"}),
                             dir_ / "pg_ctl.log");
    wait_for(ctl);
    wait_for(pid_);
    pid_ = -1;
}

void PostgresServer::restart() {
    stop();
    start();
}

void PostgresServer::run_sql(const std::string& sql) {
    std::string url = "postgresql:///postgres?host=" + dir_.string() +
                      "&port=" + std::to_string(port_) + "&user=postgres";
    PGconn* c = PQconnectdb(url.c_str());
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(c, &PQfinish);
    if (PQstatus(c) != CONNECTION_OK)
        throw std::runtime_error(std::string("cannot connect: ") + PQerrorMessage(c));
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr); // "does not exist, skipping"
    PGresult* r = PQexec(c, sql.c_str());
    auto status = PQresultStatus(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + PQerrorMessage(c));
}

std::string PostgresServer::fresh_database(const std::string& wanted) {
    std::string name = wanted.substr(0, 63); // PostgreSQL's identifier limit
    run_sql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    run_sql("CREATE DATABASE \"" + name + "\"");
    return "postgresql:///" + name + "?host=" + dir_.string() + "&port=" + std::to_string(port_) +
           "&user=postgres";
}

std::string PostgresServer::database(const std::string& wanted) {
    std::string name = wanted.substr(0, 63);
    try {
        run_sql("CREATE DATABASE \"" + name + "\"");
    } catch (const std::runtime_error&) {
        // already there: kept across a pictor restart
    }
    return "postgresql:///" + name + "?host=" + dir_.string() + "&port=" + std::to_string(port_) +
           "&user=postgres";
}

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

} // namespace pictor::test
