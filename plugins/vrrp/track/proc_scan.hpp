// Reads the process table from /proc. Blocking: run it on the pool, never on the loop.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "process_match.hpp"

namespace routerd::vrrp::track {

// Every process in `proc`; cmdline is read only when asked (keepalived.conf(5) notes reading
// it can fault swapped-out pages in), and the uid likewise. Processes that exit mid-scan are
// skipped.
std::vector<ProcessInfo> scan_processes(bool with_cmdline, bool with_uid = false,
                                        const std::filesystem::path& proc = "/proc");

// Pure parsers of the files, for tests. /proc/PID/stat is "pid (comm) state ...", and comm
// may itself contain ')' and spaces, so the name ends at the LAST ')'. /proc/PID/status has
// "Uid:\treal\teffective\tsaved\tfs": the effective one is returned.
std::optional<ProcessInfo> parse_stat(std::string_view stat);
std::vector<std::string> parse_cmdline(std::string_view cmdline);
std::optional<uid_t> parse_status_uid(std::string_view status);

}  // namespace routerd::vrrp::track
