// The kernel-wide settings the ipvs service hands the forwarder: lvs_timeouts as configured,
// lvs_flush once at start, lvs_sync_daemon following its VRRP instance as Keepalived does.
#include "routerd/ipvs/service/kernel_settings.h"

#include <routerd/plugin.h>

#include <gtest/gtest.h>

using namespace routerd::ipvs;

namespace {

Model with_daemon(const std::string& instance) {
    Model m;
    SyncDaemonConfig d;
    d.settings.interface = "eth1";
    d.settings.syncid = 51;
    d.vrrp_instance = instance;
    m.sync_daemon = d;
    return m;
}

std::vector<SyncDaemon::State> states(const KernelSettings& k) {
    std::vector<SyncDaemon::State> out;
    for (const SyncDaemon& d : k.sync_daemons) {
        EXPECT_EQ(d.interface, "eth1");
        EXPECT_EQ(d.syncid, 51u);
        out.push_back(d.state);
    }
    return out;
}

using States = std::vector<SyncDaemon::State>;
constexpr auto kMaster = SyncDaemon::State::master;
constexpr auto kBackup = SyncDaemon::State::backup;

}  // namespace

TEST(KernelSettings, TimeoutsAndFlushOnlyAtStart) {
    Model m;
    m.timeouts = {900, 0, 300};
    m.flush = true;
    const KernelSettings first = running_kernel_settings(m, {}, true);
    EXPECT_EQ(first.timeouts, (ConnectionTimeouts{900, 0, 300}));
    EXPECT_TRUE(first.flush);
    EXPECT_FALSE(running_kernel_settings(m, {}, false).flush);
    m.flush = false;
    EXPECT_FALSE(running_kernel_settings(m, {}, true).flush);
    EXPECT_TRUE(running_kernel_settings(m, {}, true).sync_daemons.empty());
}

// keepalived.conf(5): "If VRRP_INSTANCE is not specified, both the master and backup sync
// daemons will be run".
TEST(KernelSettings, WithoutAnInstanceBothDaemonsRun) {
    EXPECT_EQ(states(running_kernel_settings(with_daemon(""), {}, false)),
              (States{kMaster, kBackup}));
}

// "if the vrrp instance is in master state, only the master sync daemon will run, if the vrrp
// instance is not master, only the backup sync daemon will run".
TEST(KernelSettings, TheDaemonFollowsItsInstance) {
    const Model m = with_daemon("VI_1");
    EXPECT_EQ(states(running_kernel_settings(m, {}, false)), (States{kBackup}));
    EXPECT_EQ(states(running_kernel_settings(m, {{"VI_1", ROUTERD_VRRP_BACKUP}}, false)),
              (States{kBackup}));
    EXPECT_EQ(states(running_kernel_settings(m, {{"VI_1", ROUTERD_VRRP_MASTER}}, false)),
              (States{kMaster}));
    EXPECT_EQ(states(running_kernel_settings(m, {{"VI_1", ROUTERD_VRRP_FAULT}}, false)),
              (States{kBackup}));
    // Another instance's state does not count.
    EXPECT_EQ(states(running_kernel_settings(m, {{"VI_2", ROUTERD_VRRP_MASTER}}, false)),
              (States{kBackup}));
}

TEST(KernelSettings, StoppingStopsTheDaemonsAndFlushesAsConfigured) {
    Model m = with_daemon("");
    m.timeouts = {900, 0, 0};
    KernelSettings k = stopping_kernel_settings(m);
    EXPECT_TRUE(k.sync_daemons.empty());
    EXPECT_FALSE(k.timeouts.any());  // the kernel keeps them: nothing to set
    EXPECT_FALSE(k.flush);
    EXPECT_FALSE(k.remove_services_whole);
    m.flush_on_stop = FlushOnStop::all;
    EXPECT_TRUE(stopping_kernel_settings(m).flush);
    m.flush_on_stop = FlushOnStop::services;
    k = stopping_kernel_settings(m);
    EXPECT_FALSE(k.flush);
    EXPECT_TRUE(k.remove_services_whole);
}

// net_namespace_ipvs: every table says which namespace's IPVS it is for, the stopping one too.
TEST(KernelSettings, EveryTableNamesTheNamespace) {
    Model m;
    m.net_namespace = "/run/netns/lvs";
    EXPECT_EQ(running_kernel_settings(m, {}, true).net_namespace, "/run/netns/lvs");
    EXPECT_EQ(running_kernel_settings(m, {}, false).net_namespace, "/run/netns/lvs");
    EXPECT_EQ(stopping_kernel_settings(m).net_namespace, "/run/netns/lvs");
    EXPECT_EQ(stopping_kernel_settings(Model{}).net_namespace, "");
}
