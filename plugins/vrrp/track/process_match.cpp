#include "process_match.hpp"

#include <algorithm>
#include <stdexcept>

namespace routerd::vrrp::track {

namespace {

constexpr std::size_t kCommMax = 15;  // TASK_COMM_LEN - 1

bool params_match(const ProcessMatch& match, std::span<const std::string> actual) {
    const std::vector<std::string>& wanted = *match.params;
    if (match.param_match == ParamMatch::exact)
        return std::equal(wanted.begin(), wanted.end(), actual.begin(), actual.end());
    if (actual.size() < wanted.size()) return false;
    if (wanted.empty()) return true;
    if (!std::equal(wanted.begin(), wanted.end() - 1, actual.begin())) return false;
    const std::string& last = wanted.back();
    const std::string& theirs = actual[wanted.size() - 1];
    return match.param_match == ParamMatch::partial ? theirs == last : theirs.starts_with(last);
}

}  // namespace

void validate(const ProcessMatch& match) {
    if (match.process.empty()) throw std::invalid_argument("track_process: empty process name");
    if (!match.needs_cmdline() && match.process.size() > kCommMax)
        throw std::invalid_argument("track_process: \"" + match.process + "\" is longer than " +
                                    std::to_string(kCommMax) +
                                    " characters, the kernel's process name limit, so it can "
                                    "never match; use full_command");
}

bool matches(const ProcessMatch& match, const ProcessInfo& process) {
    if (process.zombie) return false;
    if (match.uid && process.uid != match.uid) return false;
    if (!match.needs_cmdline()) return process.comm == match.process;
    if (process.cmdline.empty() || process.cmdline.front() != match.process) return false;
    if (!match.params) return true;
    return params_match(match, std::span(process.cmdline).subspan(1));
}

std::vector<pid_t> matching_pids(const ProcessMatch& match,
                                 std::span<const ProcessInfo> processes) {
    std::vector<pid_t> pids;
    for (const auto& process : processes)
        if (matches(match, process)) pids.push_back(process.pid);
    return pids;
}

}  // namespace routerd::vrrp::track
