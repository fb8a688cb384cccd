#include "api/ops/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/engine.h"

namespace pictor::api {
namespace {

using http::add_counter;
using http::add_gauge;

// Seconds since the epoch at which this process started: its start in clock ticks after boot
// (/proc/self/stat, field 22) plus the boot time (/proc/stat's btime). 0 when unreadable.
double start_time_seconds() {
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    // The command name (field 2) may hold spaces and parentheses: count fields after its ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int n = 3; fields >> field; ++n)
        if (n == 22) {
            start_ticks = std::stoull(field);
            break;
        }
    std::ifstream boot("/proc/stat");
    std::string key;
    unsigned long long btime = 0;
    while (boot >> key)
        if (key == "btime") {
            boot >> btime;
            break;
        }
    long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    if (!btime || ticks_per_second <= 0) return 0;
    return static_cast<double>(btime) + static_cast<double>(start_ticks) / ticks_per_second;
}

double open_descriptors() {
    std::error_code ec;
    double n = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec))
        ++n;
    return n - 1; // the iterator's own descriptor
}

} // namespace

void process_metrics(http::MetricFamilies& out) {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    add_counter(out, "process_cpu_seconds_total",
                "Total user and system CPU time spent in seconds.",
                seconds(usage.ru_utime) + seconds(usage.ru_stime));
    // statm: total and resident size, in pages.
    std::ifstream statm("/proc/self/statm");
    double pages_total = 0, pages_resident = 0;
    statm >> pages_total >> pages_resident;
    double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    add_gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.",
              pages_resident * page);
    add_gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
              pages_total * page);
    add_gauge(out, "process_open_fds", "Number of open file descriptors.", open_descriptors());
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    add_gauge(out, "process_max_fds", "Maximum number of open file descriptors.",
              files.rlim_cur == RLIM_INFINITY ? -1 : static_cast<double>(files.rlim_cur));
    add_gauge(out, "process_start_time_seconds",
              "Start time of the process since unix epoch in seconds.", start_time_seconds());
}

void vips_metrics(http::MetricFamilies& out) {
    auto v = engine::vips_resources();
    add_gauge(out, "pictor_vips_memory_bytes", "Memory libvips holds now (pixel buffers).",
              v.bytes);
    add_gauge(out, "pictor_vips_memory_peak_bytes", "The most memory libvips has held at once.",
              v.peak_bytes);
    add_gauge(out, "pictor_vips_allocations", "Memory blocks libvips holds now.", v.allocations);
    add_gauge(out, "pictor_vips_open_files", "Files libvips holds open now.", v.open_files);
}

} // namespace pictor::api
