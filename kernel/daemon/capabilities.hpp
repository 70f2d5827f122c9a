// Giving up the capabilities the configuration does not need.
//
// Started as root, or by its systemd unit as its own user with ambient capabilities, routerd keeps
// CAP_NET_ADMIN (addresses, routes, IPVS, SO_MARK) and CAP_NET_RAW (VRRP, ARP and NA, ICMP checks,
// SO_BINDTODEVICE) always, and what the plugins declared for the configuration
// (routerd_privilege_t): CAP_SETUID, CAP_SETGID and CAP_KILL when a script runs as another user (to
// switch to it, and to stop it at its timeout: signalling another user's process takes CAP_KILL),
// CAP_NET_BIND_SERVICE when it binds a port below 1024, CAP_SYS_NICE for [vrrp] nice or
// rt_priority, CAP_IPC_LOCK for [vrrp] no_swap. Everything else goes, from the effective,
// permitted, inheritable, ambient and bounding sets, so a script that runs as root gets no more
// either.
//
// When: once start-up is done (main.cpp, after Daemon::start()): the configuration is read
// (so the needs are known), the plugins are loaded (dlopen needs no capability, but is done
// by then anyway), their sockets are open and the control socket is bound. Reloads run with
// what is left: one that needs a capability given up is refused with the reason.
//
// Capabilities belong to each thread, and routerd has many by then: every thread is made
// to give them up (a real-time signal whose handler makes the same system calls, as glibc
// does for setuid), and /proc/self/task/*/status is read until each one shows the new sets.
// Raw capset(2) and prctl(2) rather than libcap: libcap's cap_set_proc() changes the calling
// thread only too, and what is needed here is a handful of system calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/privileges.hpp"

namespace routerd {

using CapabilityMask = std::uint64_t;  // bit N: capability N (linux/capability.h)

// Pure. The capabilities kept for `needed`.
CapabilityMask capabilities_for(const PrivilegeSet& needed);
// Pure. "cap_net_admin cap_net_raw", for the log.
std::string capability_names(CapabilityMask mask);
// Pure. The value of a "CapEff:\t0000000000003000" line of a /proc/PID/status text.
std::optional<CapabilityMask> status_capabilities(std::string_view status, std::string_view field);

// The capabilities this process holds (its permitted set): all of them as root, those of
// AmbientCapabilities= as a systemd unit's User=, none as another user.
CapabilityMask held_capabilities();
// Pure. The privileges whose capabilities (beyond the two routerd always keeps) `held` has.
PrivilegeSet privileges_within(CapabilityMask held);

// Makes `keep` the effective, permitted and bounding set of every thread of this process, and
// empties their inheritable and ambient sets. Under routerd's systemd unit (etc/routerd.service.in:
// its own user, the capabilities in AmbientCapabilities=, no CAP_SETPCAP, no capset(2)) less is
// possible and less is needed: without CAP_SETPCAP the bounding set stays and every thread gets
// no_new_privs instead, so that an exec gains nothing back; when the permitted set is `keep`
// already, capset is not called (the inheritable set, which only a file's inheritable
// capabilities could use, stays) and only the ambient set is emptied, so scripts get nothing.
// Throws std::runtime_error when `keep` holds a capability the process does not have,
// std::system_error naming what failed.
void keep_only_capabilities(CapabilityMask keep);

}  // namespace routerd
