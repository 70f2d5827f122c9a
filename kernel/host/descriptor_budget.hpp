#pragma once

#include <cstddef>
#include <cstdint>

namespace routerd {

// File descriptors are shared by the whole process, and a flood of clients (spoofed UDP sources
// each given a flow) could take them all: checks would then fail and mark real servers down,
// the control socket stop accepting, VRRP and the store fail. So routerd keeps a reserve for
// its control plane that the data plane never gets.
struct DescriptorBudget {
    uint64_t limit = 0;     // RLIMIT_NOFILE (soft)
    uint64_t reserved = 0;  // for the control plane: VRRP, checks, control socket, store
    uint64_t budget = 0;    // for the data plane: what is left (0 when the reserve takes all)
};

// The control plane's own needs (plugins, sockets, store, control clients, children's pipes)
// plus a few descriptors for each configured check (its socket, and a script's pipes).
inline constexpr uint64_t kControlPlaneDescriptors = 256;
inline constexpr uint64_t kDescriptorsPerCheck = 4;

DescriptorBudget descriptor_budget(uint64_t limit, std::size_t checks);

// RLIMIT_NOFILE's soft value (RLIM_INFINITY and values past what fits an int as 2^30).
uint64_t descriptor_limit();

// At start: raises RLIMIT_NOFILE's soft value to the hard one, so that the data plane gets
// what the administrator allowed (systemd's LimitNOFILE); logs both.
void raise_descriptor_limit();

}  // namespace routerd
