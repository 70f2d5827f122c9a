#include "daemon/capabilities.hpp"

#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace routerd {

namespace {

CapabilityMask bit(int capability) {
    return CapabilityMask{1} << capability;
}

// What the signal handler applies; written before the first signal is sent.
struct Target {
    CapabilityMask keep = 0;
    int last_capability = CAP_LAST_CAP;
    // Shrinking the bounding set takes CAP_SETPCAP, which a systemd unit's
    // CapabilityBoundingSet= may leave out: then no_new_privs (which such a unit sets anyway)
    // keeps what stays in the bounding set from coming back through a script's execve.
    bool drop_bounding = true;
    // capset(2) only when the permitted set holds more than `keep`: a systemd unit that gives
    // routerd exactly what its configuration needs also denies capset (SystemCallFilter=).
    bool set_capabilities = true;
};

// What every thread holds once it has given up the rest.
struct Expected {
    CapabilityMask keep = 0;  // effective and permitted
    CapabilityMask bounding = 0;
    CapabilityMask inheritable = 0;
};
Target g_target;
std::atomic<int> g_error{0};

// The calling thread gives up everything but target.keep. Async-signal-safe: system calls only.
int give_up_here(const Target& target) noexcept {
    for (int capability = 0; target.drop_bounding && capability <= target.last_capability;
         ++capability) {
        if ((target.keep & bit(capability)) != 0) continue;
        if (::prctl(PR_CAPBSET_READ, capability, 0, 0, 0) == 1 &&
            ::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0)
            return errno;
    }
    if (!target.drop_bounding && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        return errno;
    if (!target.set_capabilities) return 0;
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    for (int word = 0; word < _LINUX_CAPABILITY_U32S_3; ++word) {
        data[word].effective = data[word].permitted =
            static_cast<__u32>(target.keep >> (32 * word));
    }
    if (::syscall(SYS_capset, &header, data) != 0) return errno;
    return 0;
}

void on_signal(int) {
    const int saved = errno;
    if (const int error = give_up_here(g_target)) g_error.store(error);
    errno = saved;
}

int last_capability() {
    int value = CAP_LAST_CAP;
    std::ifstream("/proc/sys/kernel/cap_last_cap") >> value;
    return value;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Whether the thread whose status this is holds what is expected (or has exited: empty status).
bool thread_holds_only(const std::string& status, const Expected& expected) {
    if (status.empty()) return true;
    return status_capabilities(status, "CapEff") == expected.keep &&
           status_capabilities(status, "CapPrm") == expected.keep &&
           status_capabilities(status, "CapBnd") == expected.bounding &&
           status_capabilities(status, "CapInh") == expected.inheritable &&
           status_capabilities(status, "CapAmb").value_or(0) == CapabilityMask{0};
}

}  // namespace

CapabilityMask capabilities_for(const PrivilegeSet& needed) {
    CapabilityMask keep = bit(CAP_NET_ADMIN) | bit(CAP_NET_RAW);
    if (needed.count(ROUTERD_PRIVILEGE_RUN_AS_USER) != 0)
        keep |= bit(CAP_SETUID) | bit(CAP_SETGID) | bit(CAP_KILL);
    if (needed.count(ROUTERD_PRIVILEGE_BIND_LOW_PORT) != 0) keep |= bit(CAP_NET_BIND_SERVICE);
    if (needed.count(ROUTERD_PRIVILEGE_REALTIME) != 0) keep |= bit(CAP_SYS_NICE);
    if (needed.count(ROUTERD_PRIVILEGE_LOCK_MEMORY) != 0) keep |= bit(CAP_IPC_LOCK);
    if (needed.count(ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE) != 0) keep |= bit(CAP_SYS_ADMIN);
    return keep;
}

std::string capability_names(CapabilityMask mask) {
    static const std::pair<int, const char*> kNames[] = {
        {CAP_KILL, "cap_kill"},           {CAP_SETGID, "cap_setgid"},
        {CAP_SETUID, "cap_setuid"},       {CAP_NET_BIND_SERVICE, "cap_net_bind_service"},
        {CAP_NET_ADMIN, "cap_net_admin"}, {CAP_NET_RAW, "cap_net_raw"},
        {CAP_IPC_LOCK, "cap_ipc_lock"},   {CAP_SYS_NICE, "cap_sys_nice"},
        {CAP_SYS_ADMIN, "cap_sys_admin"}};
    std::string out;
    for (int capability = 0; capability < 64; ++capability) {
        if ((mask & bit(capability)) == 0) continue;
        std::string name = "cap_" + std::to_string(capability);
        for (const auto& [number, known] : kNames) {
            if (number == capability) name = known;
        }
        out += (out.empty() ? "" : " ") + name;
    }
    return out.empty() ? "none" : out;
}

std::optional<CapabilityMask> status_capabilities(std::string_view status, std::string_view field) {
    for (std::size_t at = 0; at < status.size();) {
        std::size_t end = status.find('\n', at);
        if (end == std::string_view::npos) end = status.size();
        std::string_view line = status.substr(at, end - at);
        at = end + 1;
        if (!line.starts_with(field) || line.size() <= field.size() || line[field.size()] != ':')
            continue;
        line.remove_prefix(field.size() + 1);
        while (!line.empty() && (line.front() == '\t' || line.front() == ' '))
            line.remove_prefix(1);
        CapabilityMask value = 0;
        const auto [ptr, error] =
            std::from_chars(line.data(), line.data() + line.size(), value, 16);
        if (error != std::errc() || ptr != line.data() + line.size()) return std::nullopt;
        return value;
    }
    return std::nullopt;
}

CapabilityMask held_capabilities() {
    return status_capabilities(read_text("/proc/self/status"), "CapPrm").value_or(0);
}

PrivilegeSet privileges_within(CapabilityMask held) {
    PrivilegeSet within;
    for (routerd_privilege_t privilege : kAllPrivileges) {
        const CapabilityMask own = capabilities_for({privilege}) & ~capabilities_for({});
        if ((own & ~held) == 0) within.insert(privilege);
    }
    return within;
}

void keep_only_capabilities(CapabilityMask keep) {
    using namespace std::chrono_literals;
    const std::string status = read_text("/proc/self/status");
    const CapabilityMask permitted = status_capabilities(status, "CapPrm").value_or(0);
    if (const CapabilityMask missing = keep & ~permitted) {
        throw std::runtime_error("the configuration needs " + capability_names(missing) +
                                 ", which routerd was started without (under systemd: add them "
                                 "to the unit's AmbientCapabilities= and CapabilityBoundingSet=)");
    }
    const bool drop_bounding =
        (status_capabilities(status, "CapEff").value_or(0) & bit(CAP_SETPCAP)) != 0;
    const bool set_capabilities = permitted != keep;
    const Expected expected{
        keep, drop_bounding ? keep : status_capabilities(status, "CapBnd").value_or(0),
        set_capabilities ? 0 : status_capabilities(status, "CapInh").value_or(0)};
    g_target = Target{keep, last_capability(), drop_bounding, set_capabilities};
    g_error.store(0);
    const int signal = SIGRTMIN;
    struct sigaction action {};
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    ::sigemptyset(&action.sa_mask);
    if (::sigaction(signal, &action, nullptr) != 0)
        throw std::system_error(errno, std::generic_category(), "sigaction");
    if (const int error = give_up_here(g_target))
        throw std::system_error(error, std::generic_category(), "giving up capabilities");

    const pid_t pid = ::getpid();
    const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
    // About 5 s for every thread to take its signal: none blocks it, so only a thread stuck in
    // the kernel for that long could miss it.
    for (int round = 0;; ++round) {
        std::string holding;
        for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
            pid_t tid = 0;
            const std::string name = entry.path().filename().string();
            std::from_chars(name.data(), name.data() + name.size(), tid);
            if (tid == self || thread_holds_only(read_text(entry.path() / "status"), expected))
                continue;
            holding = name;
            ::syscall(SYS_tgkill, pid, tid, signal);
        }
        if (const int error = g_error.load())
            throw std::system_error(error, std::generic_category(),
                                    "a thread could not give up its capabilities");
        if (holding.empty()) break;
        if (round == 500)
            throw std::system_error(ETIMEDOUT, std::generic_category(),
                                    "thread " + holding + " kept its capabilities");
        std::this_thread::sleep_for(10ms);
    }
    // Ignoring the signal discards any still queued: its default action would end routerd.
    action.sa_handler = SIG_IGN;
    ::sigaction(signal, &action, nullptr);
}

}  // namespace routerd
