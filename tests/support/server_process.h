#pragma once
// Starts the real `pictor serve` on a free loopback port with a temporary image root, and
// stops it with SIGTERM.
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace pictor::test {

// A temporary image root with links to the samples plus hostile files (truncated JPEG,
// decompression bomb, non-image, a symlink pointing outside the root).
class TempImageRoot {
  public:
    TempImageRoot();
    ~TempImageRoot();
    const std::filesystem::path& path() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

// With TEST_IMAGES_FROM=s3 in the environment (not PICTOR_…: pictor reads those as settings), every
// ServerProcess serves its image root from an S3 bucket instead: the files are uploaded to s3rver
// (one per test process) and the whole identifier space is mounted from there ("remote.sources =
// /=s3://…"), so a suite runs unchanged against remote sources (CTest's s3.* tests).
// A setting "--config=PATH" passes a configuration file (read before the --set settings).
class ServerProcess {
  public:
    explicit ServerProcess(const std::filesystem::path& images,
                           std::vector<std::string> settings = {});
    ~ServerProcess();

    std::string url(const std::string& path) const;
    pid_t pid() const { return pid_; }
    int port() const { return port_; }
    // SIGTERM and wait; returns the exit status (or -1).
    int stop();
    // SIGKILL, as a crash or the OOM killer would: no orderly shutdown.
    void kill_hard();
    std::string log() const;

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::filesystem::path work_;
};

std::filesystem::path samples_dir();
// Starts `args` (args[0] a path to an executable) with stdout and stderr going to `log`.
pid_t spawn_logged(std::vector<std::string> args, const std::filesystem::path& log);
// SIGTERM, then waits; the exit status, or -1 (killed by a signal, or no such child).
int terminate_and_wait(pid_t pid);
// A whole file's bytes ("" when it cannot be read).
std::string read_bytes(const std::filesystem::path& p);
// A new empty directory under the system temp dir ("pictor-TAG-XXXXXX"); callers remove it.
std::filesystem::path make_temp_dir(const std::string& tag);
std::string pictor_binary();
// A loopback port nothing listens on right now (the kernel's choice for port 0).
int free_loopback_port();

// Runs `pictor ARGS` to its end: the exit status (-1: killed), stdout and stderr in `output`.
int run_pictor(const std::string& args, std::string* output);

} // namespace pictor::test
