#include "thread_scheduler.hpp"

#include <linux/capability.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace routerd::vrrp {
namespace {

std::string reason(int error) {
    return std::strerror(error);
}

// Whether the calling thread holds CAP_IPC_LOCK in its effective set.
bool can_lock_beyond_limit() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    return (data[CAP_TO_INDEX(CAP_IPC_LOCK)].effective & CAP_TO_MASK(CAP_IPC_LOCK)) != 0;
}

// Sets the soft RLIMIT_RTTIME, keeping the hard one (lowering it could not be undone without
// CAP_SYS_RESOURCE, so a later reload could not raise the soft limit again): "" or why not.
std::string set_rttime(rlim_t soft) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_RTTIME, &limit) != 0) return reason(errno);
    if (limit.rlim_max != RLIM_INFINITY && soft > limit.rlim_max)
        return "above the hard limit (" + std::to_string(limit.rlim_max) +
               " us), which routerd does not raise";
    limit.rlim_cur = soft;
    return ::setrlimit(RLIMIT_RTTIME, &limit) == 0 ? "" : reason(errno);
}

// sched_setscheduler on thread `tid`: 0 or errno.
int set_policy(pid_t tid, int policy, int priority) {
    sched_param param{};
    param.sched_priority = priority;
    return ::sched_setscheduler(tid, policy, &param) == 0 ? 0 : errno;
}

// SCHED_RESET_ON_FORK: a script started from this thread runs under SCHED_OTHER at nice 0 at
// most, as Keepalived's scripts do.
constexpr int kRealtime = SCHED_RR | SCHED_RESET_ON_FORK;

}  // namespace

ThreadScheduler::Outcome ThreadScheduler::apply(const ThreadScheduling& wanted) {
    if (!before_) {
        Before b{};
        b.tid = static_cast<pid_t>(::syscall(SYS_gettid));
        errno = 0;
        b.nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(b.tid));
        if (errno != 0) b.nice = 0;
        b.policy = ::sched_getscheduler(b.tid) & ~SCHED_RESET_ON_FORK;
        sched_param param{};
        ::sched_getparam(b.tid, &param);
        b.priority = param.sched_priority;
        rlimit limit{};
        ::getrlimit(RLIMIT_RTTIME, &limit);
        b.rttime = limit.rlim_cur;
        before_ = b;
    }
    Outcome out;
    // Memory first: locking it is long work for a real-time thread (see apply_no_swap).
    apply_no_swap(wanted, out);
    apply_realtime(wanted, out);
    apply_nice(wanted, out);
    return out;
}

void ThreadScheduler::apply_realtime(const ThreadScheduling& wanted, Outcome& out) {
    if (wanted.rt_priority == current_.rt_priority &&
        (!wanted.rt_priority || wanted.rlimit_rttime == current_.rlimit_rttime))
        return;
    if (!wanted.rt_priority) {
        if (const int error = set_policy(before_->tid, before_->policy, before_->priority)) {
            out.refused.push_back("its own scheduling policy back: " + reason(error));
            return;
        }
        set_rttime(before_->rttime);
        out.applied.push_back("scheduling policy back to what the thread started with");
        current_.rt_priority.reset();
        return;
    }
    // The guard first: a real-time thread that spins would otherwise starve its CPU.
    const auto rttime = static_cast<rlim_t>(wanted.rlimit_rttime.count());
    if (const std::string error = set_rttime(rttime); !error.empty()) {
        out.refused.push_back("RLIMIT_RTTIME " + std::to_string(rttime) + " us: " + error +
                              " (and without it, not SCHED_RR either)");
        return;
    }
    if (const int error = set_policy(before_->tid, kRealtime, *wanted.rt_priority)) {
        set_rttime(before_->rttime);
        out.refused.push_back("SCHED_RR priority " + std::to_string(*wanted.rt_priority) + ": " +
                              reason(error) +
                              " (it needs CAP_SYS_NICE or RLIMIT_RTPRIO; under systemd also "
                              "RestrictRealtime=no and SystemCallFilter=@resources)");
        return;
    }
    out.applied.push_back("SCHED_RR priority " + std::to_string(*wanted.rt_priority) +
                          ", RLIMIT_RTTIME " + std::to_string(rttime) + " us");
    current_.rt_priority = wanted.rt_priority;
    current_.rlimit_rttime = wanted.rlimit_rttime;
}

void ThreadScheduler::apply_nice(const ThreadScheduling& wanted, Outcome& out) {
    if (wanted.nice == current_.nice) return;
    const int nice = wanted.nice.value_or(before_->nice);
    if (::setpriority(PRIO_PROCESS, static_cast<id_t>(before_->tid), nice) != 0) {
        out.refused.push_back("nice " + std::to_string(nice) + ": " + reason(errno) +
                              " (a lower nice needs CAP_SYS_NICE or RLIMIT_NICE; under systemd "
                              "also SystemCallFilter=@resources)");
        return;
    }
    out.applied.push_back("nice " + std::to_string(nice));
    current_.nice = wanted.nice;
}

void ThreadScheduler::apply_no_swap(const ThreadScheduling& wanted, Outcome& out) {
    if (wanted.no_swap == current_.no_swap) return;
    if (!wanted.no_swap) {
        ::munlockall();
        out.applied.push_back("memory unlocked");
        current_.no_swap = false;
        return;
    }
    // MCL_FUTURE under a finite RLIMIT_MEMLOCK would make every allocation fail once the
    // process reaches it (mmap and brk return EAGAIN): refused rather than risked.
    rlimit limit{};
    ::getrlimit(RLIMIT_MEMLOCK, &limit);
    if (!can_lock_beyond_limit() && limit.rlim_cur != RLIM_INFINITY) {
        out.refused.push_back(
            "no_swap: without CAP_IPC_LOCK, locking all of routerd's memory under RLIMIT_MEMLOCK "
            "(" +
            std::to_string(limit.rlim_cur / 1024) +
            " KiB) would make its allocations fail once it is reached");
        return;
    }
    // mlockall faults in every mapping of the process: far more CPU time without a blocking
    // call than RLIMIT_RTTIME allows a real-time thread (SIGXCPU would end routerd; it did at
    // the default 10 ms), so a real-time thread does it under its own policy.
    const bool realtime = current_.rt_priority.has_value();
    if (realtime) set_policy(before_->tid, before_->policy, before_->priority);
    const int error = ::mlockall(MCL_CURRENT | MCL_FUTURE) == 0 ? 0 : errno;
    if (realtime) set_policy(before_->tid, kRealtime, *current_.rt_priority);
    if (error != 0) {
        out.refused.push_back("no_swap: mlockall: " + reason(error));
        return;
    }
    out.applied.push_back("memory locked (no_swap: the whole process)");
    current_.no_swap = true;
}

}  // namespace routerd::vrrp
