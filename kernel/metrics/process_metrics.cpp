#include "metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace routerd::metrics {
namespace {

std::string read_file(const char* path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<uint64_t> number(std::string_view text) {
    uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

double open_descriptors() {
    std::error_code error;
    double n = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
         it.increment(error)) {
        ++n;
    }
    return n - 1;  // the iterator's own descriptor on /proc/self/fd
}

Series* gauge(Registry& registry, const char* name, const char* help) {
    return declare(registry, {MetricType::gauge, name, help}).series({});
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
    const size_t close = text.rfind(')');
    if (close == std::string_view::npos) return std::nullopt;
    // Fields from 3 (state) on, split by spaces.
    std::vector<std::string_view> fields;
    std::string_view rest = text.substr(close + 1);
    while (!rest.empty()) {
        const size_t start = rest.find_first_not_of(" \n");
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const size_t end = rest.find_first_of(" \n");
        fields.push_back(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    // Field k of proc(5) is fields[k - 3].
    auto field = [&](size_t k) {
        return k - 3 < fields.size() ? number(fields[k - 3]) : std::nullopt;
    };
    const auto utime = field(14), stime = field(15), start = field(22), vsize = field(23),
               rss = field(24);
    if (!utime || !stime || !start || !vsize || !rss) return std::nullopt;
    return ProcStat{*utime, *stime, *start, *vsize, *rss};
}

std::optional<uint64_t> parse_boot_time(std::string_view proc_stat) {
    std::istringstream lines{std::string(proc_stat)};
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("btime ")) return number(std::string_view(line).substr(6));
    }
    return std::nullopt;
}

void add_process_metrics(Registry& registry) {
    Series* cpu = declare(registry, {MetricType::counter, "process_cpu_seconds_total",
                                     "Total user and system CPU time spent in seconds."})
                      .series({});
    Series* resident =
        gauge(registry, "process_resident_memory_bytes", "Resident memory size in bytes.");
    Series* virtual_memory =
        gauge(registry, "process_virtual_memory_bytes", "Virtual memory size in bytes.");
    Series* open_fds = gauge(registry, "process_open_fds", "Number of open file descriptors.");
    Series* max_fds =
        gauge(registry, "process_max_fds", "Maximum number of open file descriptors.");
    Series* start_time = gauge(registry, "process_start_time_seconds",
                               "Start time of the process since unix epoch in seconds.");
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    const std::optional<uint64_t> boot = parse_boot_time(read_file("/proc/stat"));
    registry.on_scrape([=] {
        if (const auto stat = parse_proc_stat(read_file("/proc/self/stat"))) {
            const double seconds =
                static_cast<double>(stat->utime_ticks + stat->stime_ticks) / tick;
            cpu->set_total(seconds);
            resident->set(static_cast<double>(stat->resident_pages) * page);
            virtual_memory->set(static_cast<double>(stat->virtual_bytes));
            if (boot) start_time->set(static_cast<double>(*boot) + stat->start_ticks / tick);
        }
        open_fds->set(open_descriptors());
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) == 0)
            max_fds->set(static_cast<double>(limit.rlim_cur));
    });
}

}  // namespace routerd::metrics
