// Which capabilities routerd keeps for what its configuration needs, and how they are read
// back from /proc.
#include "daemon/capabilities.hpp"

#include <linux/capability.h>

#include <gtest/gtest.h>

namespace routerd {
namespace {

CapabilityMask bits(std::initializer_list<int> capabilities) {
    CapabilityMask mask = 0;
    for (int c : capabilities)
        mask |= CapabilityMask{1} << c;
    return mask;
}

TEST(Capabilities, RawSocketsAndNetlinkAlways) {
    EXPECT_EQ(capabilities_for({}), bits({CAP_NET_ADMIN, CAP_NET_RAW}));
    EXPECT_EQ(capabilities_for({}), 0x3000u);
}

TEST(Capabilities, ScriptsAsAnotherUserNeedToSwitchAndToStopThem) {
    EXPECT_EQ(capabilities_for({ROUTERD_PRIVILEGE_RUN_AS_USER}),
              bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_KILL}));
}

TEST(Capabilities, LowPortsNeedBindService) {
    EXPECT_EQ(capabilities_for({ROUTERD_PRIVILEGE_BIND_LOW_PORT}),
              bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE}));
    EXPECT_EQ(
        capabilities_for({ROUTERD_PRIVILEGE_BIND_LOW_PORT, ROUTERD_PRIVILEGE_RUN_AS_USER}),
        bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_KILL}));
}

TEST(Capabilities, VrrpThreadSchedulingNeedsSysNiceAndLockedMemoryIpcLock) {
    EXPECT_EQ(capabilities_for({ROUTERD_PRIVILEGE_REALTIME}),
              bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_NICE}));
    EXPECT_EQ(capabilities_for({ROUTERD_PRIVILEGE_LOCK_MEMORY}),
              bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_IPC_LOCK}));
    EXPECT_EQ(capability_names(
                  capabilities_for({ROUTERD_PRIVILEGE_REALTIME, ROUTERD_PRIVILEGE_LOCK_MEMORY})),
              "cap_net_admin cap_net_raw cap_ipc_lock cap_sys_nice");
}

// [ipvs] net_namespace (net_namespace_ipvs): setns(2) for the IPVS socket, at start and on a
// reload that names another namespace.
TEST(Capabilities, EnteringANetworkNamespaceNeedsSysAdmin) {
    EXPECT_EQ(capabilities_for({ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE}),
              bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN}));
    EXPECT_EQ(capability_names(capabilities_for({ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE})),
              "cap_net_admin cap_net_raw cap_sys_admin");
}

TEST(Capabilities, PrivilegesWithinWhatRouterdWasGiven) {
    // routerd's systemd unit: its two.
    EXPECT_EQ(privileges_within(bits({CAP_NET_ADMIN, CAP_NET_RAW})), PrivilegeSet{});
    EXPECT_EQ(privileges_within(bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE})),
              PrivilegeSet{ROUTERD_PRIVILEGE_BIND_LOW_PORT});
    // Switching users without CAP_KILL could not stop a script at its timeout.
    EXPECT_EQ(privileges_within(bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID, CAP_SETGID})),
              PrivilegeSet{});
    EXPECT_EQ(privileges_within(bits({CAP_SETUID, CAP_SETGID, CAP_KILL})),
              PrivilegeSet{ROUTERD_PRIVILEGE_RUN_AS_USER});
    // root
    EXPECT_EQ(privileges_within(~CapabilityMask{0}),
              (PrivilegeSet{ROUTERD_PRIVILEGE_RUN_AS_USER, ROUTERD_PRIVILEGE_BIND_LOW_PORT,
                            ROUTERD_PRIVILEGE_REALTIME, ROUTERD_PRIVILEGE_LOCK_MEMORY,
                            ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE}));
    EXPECT_EQ(privileges_within(bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN})),
              PrivilegeSet{ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE});
    EXPECT_EQ(privileges_within(bits({CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_NICE})),
              PrivilegeSet{ROUTERD_PRIVILEGE_REALTIME});
}

TEST(Capabilities, NamesForTheLog) {
    EXPECT_EQ(capability_names(capabilities_for({ROUTERD_PRIVILEGE_RUN_AS_USER})),
              "cap_kill cap_setgid cap_setuid cap_net_admin cap_net_raw");
    EXPECT_EQ(capability_names(bits({CAP_SYS_PTRACE})), "cap_19");
    EXPECT_EQ(capability_names(0), "none");
}

TEST(Capabilities, ReadFromProcStatus) {
    const std::string status =
        "Name:\trouterd\nCapInh:\t0000000000000000\nCapPrm:\t00000000000030e0\n"
        "CapEff:\t00000000000030e0\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n";
    EXPECT_EQ(status_capabilities(status, "CapEff"), 0x30e0u);
    EXPECT_EQ(status_capabilities(status, "CapBnd"), 0x1ffffffffffu);
    EXPECT_EQ(status_capabilities(status, "CapInh"), 0u);
    EXPECT_EQ(status_capabilities(status, "CapPrm"), 0x30e0u);
    EXPECT_EQ(status_capabilities(status, "Cap"), std::nullopt);
    EXPECT_EQ(status_capabilities("CapEff:\tzz\n", "CapEff"), std::nullopt);
    EXPECT_EQ(status_capabilities("", "CapEff"), std::nullopt);
}

}  // namespace
}  // namespace routerd
