// The standard process_* metrics (what Prometheus's client libraries export for a process):
// CPU time, resident and virtual memory, open and allowed descriptors, start time. Read from
// /proc at each scrape.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "metrics/registry.hpp"

namespace routerd::metrics {

// The fields of /proc/PID/stat that the metrics need (proc(5)), in the units the file uses.
struct ProcStat {
    uint64_t utime_ticks = 0;
    uint64_t stime_ticks = 0;
    uint64_t start_ticks = 0;  // after boot
    uint64_t virtual_bytes = 0;
    uint64_t resident_pages = 0;
};

// Parses /proc/PID/stat's text; nullopt when it is not that. The command name (field 2) may
// hold spaces and parentheses: the fields are counted after its last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text);
// /proc/stat's "btime" (boot time, seconds since the epoch), or nullopt.
std::optional<uint64_t> parse_boot_time(std::string_view proc_stat);

// Declares the process_* families in `registry` and refreshes them at each scrape.
void add_process_metrics(Registry& registry);

}  // namespace routerd::metrics
