#include "proc_scan.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace routerd::vrrp::track {

namespace {

// With read(2), not a stream: a process that exits between the open and the read makes the read
// fail with ESRCH, which libstdc++'s filebuf throws from underflow() past any stream state, out
// of an istreambuf_iterator and through the scan. Here it is a process gone, like a failed open.
std::optional<std::string> read_whole(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string text;
    char chunk[4096];
    ssize_t got;
    while ((got = ::read(fd, chunk, sizeof chunk)) != 0) {
        if (got > 0)
            text.append(chunk, static_cast<std::size_t>(got));
        else if (errno != EINTR)
            break;
    }
    ::close(fd);
    if (got < 0) return std::nullopt;
    return text;
}

}  // namespace

std::optional<ProcessInfo> parse_stat(std::string_view stat) {
    auto open = stat.find('(');
    auto close = stat.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
        close + 2 >= stat.size())
        return std::nullopt;
    ProcessInfo info;
    auto pid_text = stat.substr(0, open);
    while (!pid_text.empty() && pid_text.back() == ' ')
        pid_text.remove_suffix(1);
    auto [end, error] =
        std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), info.pid);
    if (error != std::errc() || end != pid_text.data() + pid_text.size()) return std::nullopt;
    info.comm = std::string(stat.substr(open + 1, close - open - 1));
    info.zombie = stat[close + 2] == 'Z';
    return info;
}

std::vector<std::string> parse_cmdline(std::string_view cmdline) {
    std::vector<std::string> args;
    while (!cmdline.empty()) {
        auto nul = cmdline.find('\0');
        args.emplace_back(cmdline.substr(0, nul));
        if (nul == std::string_view::npos) break;
        cmdline.remove_prefix(nul + 1);
    }
    return args;
}

std::optional<uid_t> parse_status_uid(std::string_view status) {
    for (std::size_t at = 0; at < status.size();) {
        std::size_t end = status.find('\n', at);
        if (end == std::string_view::npos) end = status.size();
        std::string_view line = status.substr(at, end - at);
        at = end + 1;
        if (!line.starts_with("Uid:")) continue;
        line.remove_prefix(4);
        uid_t ids[2] = {};  // real, effective
        for (uid_t& id : ids) {
            const std::size_t digit = line.find_first_not_of(" \t");
            if (digit == std::string_view::npos) return std::nullopt;
            line.remove_prefix(digit);
            const auto [next, error] = std::from_chars(line.data(), line.data() + line.size(), id);
            if (error != std::errc()) return std::nullopt;
            line.remove_prefix(static_cast<std::size_t>(next - line.data()));
        }
        return ids[1];
    }
    return std::nullopt;
}

std::vector<ProcessInfo> scan_processes(bool with_cmdline, bool with_uid,
                                        const std::filesystem::path& proc) {
    std::vector<ProcessInfo> processes;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        auto stat = read_whole(entry.path() / "stat");
        std::optional<ProcessInfo> info = stat ? parse_stat(*stat) : std::nullopt;
        if (!info) continue;  // exited meanwhile
        if (with_cmdline) {
            auto cmdline = read_whole(entry.path() / "cmdline");
            if (cmdline) info->cmdline = parse_cmdline(*cmdline);
        }
        if (with_uid) {
            auto status = read_whole(entry.path() / "status");
            if (status) info->uid = parse_status_uid(*status);
        }
        processes.push_back(std::move(*info));
    }
    return processes;
}

}  // namespace routerd::vrrp::track
