// track_process's /proc readers on arbitrary file contents (a process names itself: comm and
// cmdline are the process's own bytes): stat yields the pid before the first '(' and the name
// up to the last ')', cmdline splits losslessly at NULs, status yields the effective uid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "proc_scan.hpp"

namespace {

using namespace routerd::vrrp::track;

void check_stat(std::string_view stat) {
    const auto info = parse_stat(stat);
    if (!info) return;
    const size_t open = stat.find('(');
    const size_t close = stat.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        std::abort();
    if (info->comm != stat.substr(open + 1, close - open - 1)) std::abort();
    if (close + 2 >= stat.size() || info->zombie != (stat[close + 2] == 'Z')) std::abort();
    // The kernel's own line for that process reads back the same.
    const std::string line = std::to_string(info->pid) + " (" + info->comm + ") " +
                             (info->zombie ? "Z" : "S") + " 1 2 3";
    const auto again = parse_stat(line);
    if (!again || again->pid != info->pid || again->comm != info->comm ||
        again->zombie != info->zombie)
        std::abort();
}

// Joined with NULs, the arguments are the file without the one NUL that ends it.
void check_cmdline(std::string_view cmdline) {
    const auto args = parse_cmdline(cmdline);
    std::string joined;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) joined += '\0';
        joined += args[i];
    }
    std::string_view expected = cmdline;
    if (!expected.empty() && expected.back() == '\0') expected.remove_suffix(1);
    if (joined != expected) std::abort();
}

void check_status(std::string_view status) {
    const auto uid = parse_status_uid(status);
    if (!uid) return;
    const std::string line = "Name:\tx\nUid:\t1\t" + std::to_string(*uid) + "\t1\t1\n";
    if (parse_status_uid(line) != uid) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_stat(text);
    check_cmdline(text);
    check_status(text);
    return 0;
}
