// The [ipvs] table read through the host's own configuration document: errors carry the file,
// line, column and key path exactly as --config-test prints them.
#include "routerd/ipvs/service/model_reader.h"

#include <sys/socket.h>

#include <gtest/gtest.h>

#include "config/document.hpp"
#include "host/plugin_host.hpp"

using namespace routerd::ipvs;
using routerd::ConfigDocument;

namespace {

struct Read {
    std::optional<Model> model;
    std::vector<std::string> errors;
    std::vector<std::string> attached;  // "target" per check_attach call
};

Read read(const std::string& toml, bool kernel_has_ipvs = true,
          std::vector<std::string> schedulers = {"rr", "wlc", "sh", "mh"}) {
    auto doc = ConfigDocument::parse(toml, "lb.toml");
    Read r;
    ReaderEnvironment env;
    env.kernel_has_ipvs = kernel_has_ipvs;
    env.attach_check = [&](const routerd::sdk::Config& check,
                           const std::string& target) -> std::optional<std::string> {
        r.attached.push_back(target);
        auto type = check["type"].string();
        if (!type) {
            check["type"].error("is required");
            return std::nullopt;
        }
        return *type + "@" + target;
    };
    env.userspace_scheduler_available = [&](const std::string& name) {
        return std::find(schedulers.begin(), schedulers.end(), name) != schedulers.end();
    };
    routerd::sdk::Config root(nullptr, &routerd::host_api(), doc->root().as_c());
    r.model = read_model(root["ipvs"], env);
    for (const auto& d : doc->diagnostics().all())
        r.errors.push_back(d.to_string());
    return r;
}

using Strings = std::vector<std::string>;

// The reference page's third setup (keepalived-archwiki), one real server shown.
const char* kReference = R"(
[ipvs.virtual_server.web]
address = "172.16.0.100:80"
scheduler = "rr"
method = "NAT"
protocol = "TCP"

[ipvs.virtual_server.web.real_server.rs1]
address = "172.16.1.20:80"

[ipvs.virtual_server.web.real_server.rs1.check]
type = "tcp"
connect_timeout = "10s"
)";

}  // namespace

TEST(ModelReader, ReferenceSetup) {
    const Read r = read(kReference);
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    ASSERT_EQ(r.model->virtual_servers.size(), 1u);
    const VirtualServer& vs = r.model->virtual_servers[0];
    EXPECT_EQ(vs.name, "web");
    EXPECT_EQ(vs.service_keys(), (Strings{"tcp:172.16.0.100:80"}));
    EXPECT_EQ(vs.scheduler, "rr");
    EXPECT_EQ(vs.protocol, Protocol::tcp);
    ASSERT_EQ(vs.real_servers.size(), 1u);
    const RealServer& rs = vs.real_servers[0];
    EXPECT_EQ(rs.key(), "172.16.1.20:80");
    EXPECT_EQ(rs.weight, 1u);
    EXPECT_EQ(rs.method, Method::nat);
    EXPECT_EQ(rs.check_ids, (Strings{"tcp@172.16.1.20:80"}));
    EXPECT_EQ(r.attached, (Strings{"172.16.1.20:80"}));
}

TEST(ModelReader, Defaults) {
    const Read r = read(R"(
[ipvs.virtual_server.v]
address = "10.0.0.1:53"
)");
    ASSERT_TRUE(r.model);
    EXPECT_EQ(r.model->forwarder, ForwarderChoice::automatic);
    EXPECT_FALSE(r.model->keep_on_stop);  // keepalived(8): the IPVS topology goes at stop
    const VirtualServer& vs = r.model->virtual_servers[0];
    EXPECT_EQ(vs.scheduler, "wlc");  // keepalived's default lvs_sched
    EXPECT_EQ(vs.protocol, Protocol::tcp);
    EXPECT_EQ(vs.quorum, 1u);
    EXPECT_EQ(vs.hysteresis, 0u);
    EXPECT_EQ(vs.persistence_timeout_ms, 0u);
    EXPECT_EQ(vs.persistence_granularity, "255.255.255.255");
    EXPECT_FALSE(vs.alpha);
    EXPECT_FALSE(vs.omega);
    EXPECT_FALSE(vs.smtp_alert);
    EXPECT_TRUE(vs.real_servers.empty());
}

TEST(ModelReader, EverySetting) {
    const Read r = read(R"(
[ipvs]
forwarder = "kernel"
keep_on_stop = true

[ipvs.virtual_server.dns]
address = "[2001:db8::53]:53"
protocol = "udp"
scheduler = "sh"
flags = ["sh-port", "sh-fallback"]
method = "TUN"
tun_type = "gue"
tun_port = 6080
persistence_timeout = "5m"
persistence_granularity = "255.255.255.0"
quorum = 3
hysteresis = 1
quorum_up = "/bin/q-up"
quorum_down = "/bin/q-down"
alpha = true
omega = true
ha_suspend = "VI_1"
smtp_alert = true
sorry_server = "[2001:db8::99]:53"

[ipvs.virtual_server.dns.real_server.a]
address = "[2001:db8::1]:53"
weight = 7
inhibit_on_failure = true
notify_up = "/bin/up a"
notify_down = "/bin/down a"
uthreshold = 100
lthreshold = 10
check = { type = "udp", alpha = true }
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->forwarder, ForwarderChoice::kernel);
    EXPECT_TRUE(r.model->keep_on_stop);
    const VirtualServer& vs = r.model->virtual_servers[0];
    EXPECT_EQ(vs.service_keys(), (Strings{"udp:[2001:db8::53]:53"}));
    EXPECT_EQ(vs.flags, "sh-port,sh-fallback");
    EXPECT_EQ(vs.persistence_timeout_ms, 300000u);
    EXPECT_EQ(vs.persistence_granularity, "255.255.255.0");
    EXPECT_EQ(vs.quorum, 3u);
    EXPECT_EQ(vs.hysteresis, 1u);
    EXPECT_EQ(vs.quorum_up, "/bin/q-up");
    EXPECT_EQ(vs.quorum_down, "/bin/q-down");
    EXPECT_TRUE(vs.alpha);
    EXPECT_TRUE(vs.omega);
    EXPECT_EQ(vs.ha_suspend, "VI_1");
    EXPECT_EQ(vs.smtp_alert, true);
    ASSERT_TRUE(vs.sorry_server);
    EXPECT_EQ(vs.sorry_server->key(), "[2001:db8::99]:53");
    EXPECT_EQ(vs.sorry_server->method, Method::tun);
    EXPECT_EQ(vs.sorry_server->tun_port, 6080);
    const RealServer& rs = vs.real_servers.at(0);
    EXPECT_EQ(rs.weight, 7u);
    EXPECT_EQ(rs.method, Method::tun);
    EXPECT_EQ(rs.tun_type, TunType::gue);
    EXPECT_EQ(rs.tun_port, 6080);
    EXPECT_TRUE(rs.inhibit_on_failure);
    EXPECT_EQ(rs.notify_up, "/bin/up a");
    EXPECT_EQ(rs.notify_down, "/bin/down a");
    EXPECT_EQ(rs.uthreshold, 100u);
    EXPECT_EQ(rs.lthreshold, 10u);
    EXPECT_EQ(rs.check_ids, (Strings{"udp@[2001:db8::1]:53"}));
}

TEST(ModelReader, FwmarkAndGroups) {
    const Read r = read(R"(
[ipvs.virtual_server_group.farm]
addresses = ["172.16.0.100:80", "172.16.0.101:80"]
fwmarks = [5]

[ipvs.virtual_server.marked]
fwmark = 1

[ipvs.virtual_server.farm]
group = "farm"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->virtual_servers[0].service_keys(), (Strings{"fwmark:1"}));
    EXPECT_EQ(r.model->virtual_servers[1].service_keys(),
              (Strings{"tcp:172.16.0.100:80", "tcp:172.16.0.101:80", "fwmark:5"}));
    EXPECT_EQ(r.model->virtual_servers[0].group, "");
    EXPECT_EQ(r.model->virtual_servers[1].group, "farm");  // its notify FIFO name
}

// keepalived.conf(5) real_server IP [PORT]: without a port, IPVS keeps each packet's own
// destination port (one fwmark service covering several ports).
TEST(ModelReader, ARealServerWithoutAPortTakesThePacketsOwn) {
    const Read r = read(R"(
[ipvs.virtual_server.marked]
fwmark = 1
sorry_server = "[2001:db8::9]"
[ipvs.virtual_server.marked.real_server.rs1]
address = "172.16.1.20"
check = { type = "tcp", connect_port = 80 }
[ipvs.virtual_server.marked.real_server.rs2]
address = "172.16.1.21:0"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    const VirtualServer& vs = r.model->virtual_servers[0];
    ASSERT_EQ(vs.real_servers.size(), 2u);
    EXPECT_EQ(vs.real_servers[0].port, 0);
    EXPECT_EQ(vs.real_servers[0].key(), "172.16.1.20:0");  // as ipvsadm -L shows it
    EXPECT_EQ(vs.real_servers[1].key(), "172.16.1.21:0");
    // The check's target is the address alone: its connect_port says where to probe.
    EXPECT_EQ(r.attached, (Strings{"172.16.1.20"}));
    ASSERT_TRUE(vs.sorry_server);
    EXPECT_EQ(vs.sorry_server->key(), "[2001:db8::9]:0");
}

TEST(ModelReader, ARealServerWithoutAPortNeedsTheKernelForwarder) {
    const Read r = read(R"(
[ipvs]
forwarder = "userspace"
[ipvs.virtual_server.web]
address = "10.0.0.1:80"
sorry_server = "10.0.2.1"
[ipvs.virtual_server.web.real_server.rs1]
address = "10.0.1.1"
)");
    EXPECT_FALSE(r.model);
    const std::string why =
        "the userspace forwarder connects to one port of the real server; 0 (the client's) is "
        "not one: give its port, or set forwarder = \"kernel\"";
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:8:11: ipvs.virtual_server.web.real_server.rs1.address: " + why,
                       "lb.toml:6:16: ipvs.virtual_server.web.sorry_server: " + why}));
}

TEST(ModelReader, ErrorsWithPositions) {
    const Read r = read(R"(
[ipvs]
forwarder = "fast"

[ipvs.virtual_server.web]
address = "172.16.0.100"
protocol = "icmp"
scheduler = "random"
method = "bridge"
persistence_granularity = "255.0.255.0"
quorum = 0

[ipvs.virtual_server.web.real_server.rs1]
address = "172.16.1.20:80"
weight = 70000
check = { connect_timeout = "1s" }
)");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors,
              (Strings{
                  "lb.toml:3:13: ipvs.forwarder: 'fast' is not one of auto, kernel, userspace",
                  "lb.toml:6:11: ipvs.virtual_server.web.address: '172.16.0.100' is not "
                  "address:port (IPv6 goes in brackets)",
                  "lb.toml:7:12: ipvs.virtual_server.web.protocol: 'icmp' is not one of tcp, "
                  "udp, sctp",
                  "lb.toml:8:13: ipvs.virtual_server.web.scheduler: unknown scheduler 'random' "
                  "(one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos)",
                  "lb.toml:9:10: ipvs.virtual_server.web.method: 'bridge' is not one of nat, dr, "
                  "tun",
                  "lb.toml:10:27: ipvs.virtual_server.web.persistence_granularity: '255.0.255.0' "
                  "is not a netmask like 255.255.255.0",
                  "lb.toml:11:10: ipvs.virtual_server.web.quorum: 0 is out of range "
                  "1..4294967295",
                  "lb.toml:15:10: ipvs.virtual_server.web.real_server.rs1.weight: 70000 is out "
                  "of range 0..65535",
              }));
}

TEST(ModelReader, CheckErrorsComeFromTheCheck) {
    const Read r = read(R"(
[ipvs.virtual_server.web]
address = "172.16.0.100:80"
[ipvs.virtual_server.web.real_server.rs1]
address = "172.16.1.20:80"
[ipvs.virtual_server.web.real_server.rs1.check]
connect_timeout = "1s"
)");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors, (Strings{"lb.toml:6:1: ipvs.virtual_server.web.real_server.rs1.check.type: "
                                 "is required"}));
}

TEST(ModelReader, AddressingNeedsExactlyOneOf) {
    Read r = read("[ipvs.virtual_server.web]\nscheduler = \"rr\"\n");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:1:1: ipvs.virtual_server.web: needs one of address, "
                                 "fwmark or group"}));
    r = read("[ipvs.virtual_server.web]\naddress = \"10.0.0.1:80\"\nfwmark = 3\n");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:1:1: ipvs.virtual_server.web: takes only one of "
                                 "address, fwmark and group"}));
    r = read("[ipvs.virtual_server.web]\ngroup = \"nope\"\n");
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:2:9: ipvs.virtual_server.web.group: no virtual_server_group "
                       "named 'nope'"}));
    r = read("[ipvs.virtual_server.web]\nfwmark = 0\n");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:2:10: ipvs.virtual_server.web.fwmark: 0 is out of "
                                 "range 1..4294967295"}));
    r = read("[ipvs.virtual_server_group.g]\n");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:1:1: ipvs.virtual_server_group.g: needs addresses = "
                                 "[\"VIP:port\", ...] and/or fwmarks = [N, ...]"}));
}

TEST(ModelReader, DuplicatesAreRefused) {
    Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
[ipvs.virtual_server.a.real_server.x]
address = "10.0.1.1:80"
[ipvs.virtual_server.a.real_server.y]
address = "10.0.1.1:80"
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:7:11: ipvs.virtual_server.a.real_server.y.address: "
                                 "10.0.1.1:80 is already a real server of 'a'"}));
    r = read(R"(
[ipvs.virtual_server_group.g]
addresses = ["10.0.0.2:80", "10.0.0.1:80"]
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
[ipvs.virtual_server.b]
group = "g"
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:6:1: ipvs.virtual_server.b: service tcp:10.0.0.1:80 is "
                                 "already virtual server 'a'"}));
}

TEST(ModelReader, SchedulerFlagsMustFitTheScheduler) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
scheduler = "rr"
flags = "sh-port"
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:5:9: ipvs.virtual_server.a.flags: scheduler flag "
                                 "'sh-port' needs scheduler 'sh', not 'rr'"}));
}

TEST(ModelReader, UserspaceRefusesDrTunFwmarkSctp) {
    const Read r = read(R"(
[ipvs]
forwarder = "userspace"
[ipvs.virtual_server.dr]
address = "10.0.0.1:80"
method = "DR"
[ipvs.virtual_server.tun]
address = "10.0.0.2:80"
method = "TUN"
[ipvs.virtual_server.mark]
fwmark = 4
[ipvs.virtual_server.sctp]
address = "10.0.0.3:80"
protocol = "SCTP"
)");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:6:10: ipvs.virtual_server.dr.method: the userspace forwarder only "
                       "does NAT (it proxies connections); DR and TUN need forwarder = \"kernel\"",
                       "lb.toml:9:10: ipvs.virtual_server.tun.method: the userspace forwarder "
                       "only does NAT (it proxies connections); DR and TUN need forwarder = "
                       "\"kernel\"",
                       "lb.toml:10:1: ipvs.virtual_server.mark: fwmark virtual servers need "
                       "forwarder = \"kernel\"",
                       "lb.toml:14:12: ipvs.virtual_server.sctp.protocol: SCTP needs forwarder = "
                       "\"kernel\""}));
}

TEST(ModelReader, AutoWithoutIpvsIsUserspace) {
    const std::string dr = "[ipvs.virtual_server.dr]\naddress = \"10.0.0.1:80\"\nmethod = \"DR\"\n";
    EXPECT_FALSE(read(dr, false).model);
    EXPECT_TRUE(read(dr, true).model);
    EXPECT_EQ(resolve_forwarder(ForwarderChoice::automatic, false), "userspace");
    EXPECT_EQ(resolve_forwarder(ForwarderChoice::automatic, true), "kernel");
    EXPECT_EQ(resolve_forwarder(ForwarderChoice::kernel, false), "kernel");
    EXPECT_EQ(resolve_forwarder(ForwarderChoice::userspace, true), "userspace");
}

TEST(ModelReader, UserspaceNeedsTheSchedulerPlugin) {
    const Read r = read(R"(
[ipvs]
forwarder = "userspace"
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
scheduler = "lblc"
)");
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:6:13: ipvs.virtual_server.a.scheduler: the userspace forwarder "
                       "has no scheduler 'lblc' (no scheduler plugin of that name is loaded)"}));
}

TEST(ModelReader, AlphaNeedsChecksThatStartDown) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
alpha = true
[ipvs.virtual_server.a.real_server.x]
address = "10.0.1.1:80"
check = { type = "tcp" }
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:7:9: ipvs.virtual_server.a.real_server.x.check: the "
                                 "virtual server has alpha = true: set alpha = true here too"}));
}

TEST(ModelReader, OnlyGueTunnelsHaveAPortAndNeedOne) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
method = "TUN"
tun_type = "gue"
[ipvs.virtual_server.b]
address = "10.0.0.2:80"
method = "TUN"
tun_port = 6080
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:2:1: ipvs.virtual_server.a.tun_port: is required",
                                 "lb.toml:9:12: ipvs.virtual_server.b.tun_port: applies to "
                                 "tun_type = \"gue\" only"}));
}

TEST(ModelReader, OnePacketSchedulingIsForUdp) {
    const Read r = read(R"(
[ipvs.virtual_server.tcp]
address = "10.0.0.1:80"
flags = ["ops"]
[ipvs.virtual_server.udp]
address = "10.0.0.1:53"
protocol = "udp"
flags = ["ops"]
[ipvs.virtual_server.mark]
fwmark = 5
flags = ["ops"]
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:4:9: ipvs.virtual_server.tcp.flags: ops (one-packet "
                                 "scheduling) is for UDP virtual servers (or fwmark ones)"}));
}

// A real kernel refuses more (EINVAL): say so at --config-test rather than at start.
TEST(ModelReader, ThresholdsStayWithinWhatLinuxTakes) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
[ipvs.virtual_server.a.real_server.x]
address = "10.0.1.1:80"
uthreshold = 3000000000
)");
    EXPECT_EQ(r.errors, (Strings{"lb.toml:6:14: ipvs.virtual_server.a.real_server.x.uthreshold: "
                                 "3000000000 is out of range 0..2147483647"}));
}

TEST(ModelReader, RealServerMistakes) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
tun_type = "gre"
[ipvs.virtual_server.a.real_server.x]
weight = 2
lthreshold = 50
uthreshold = 10
check = "tcp"
[ipvs.virtual_server.a.real_server.y]
address = "[2001:db8::1]:80"
)");
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:4:12: ipvs.virtual_server.a.tun_type: applies to method = \"TUN\" "
                       "only",
                       "lb.toml:5:1: ipvs.virtual_server.a.real_server.x.address: is required",
                       "lb.toml:7:14: ipvs.virtual_server.a.real_server.x.lthreshold: is above "
                       "uthreshold",
                       "lb.toml:11:11: ipvs.virtual_server.a.real_server.y.address: NAT needs "
                       "the real server in the virtual server's address family"}));
}

TEST(ModelReader, KeepOnStopIsABoolean) {
    const Read r = read("[ipvs]\nkeep_on_stop = \"yes\"\n");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors, (Strings{"lb.toml:2:16: ipvs.keep_on_stop: expected a boolean, found a "
                                 "string"}));
}

// global_defs rs_init_notifies: off unless set, as in Keepalived.
TEST(ModelReader, RsInitNotifies) {
    EXPECT_FALSE(read("[ipvs]\n").model->rs_init_notifies);
    EXPECT_TRUE(read("[ipvs]\nrs_init_notifies = true\n").model->rs_init_notifies);
    const Read r = read("[ipvs]\nrs_init_notifies = 1\n");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors, (Strings{"lb.toml:2:20: ipvs.rs_init_notifies: expected a boolean, found "
                                 "an integer"}));
}

TEST(ModelReader, KeepOnStopTypoGetsADidYouMean) {
    auto doc = ConfigDocument::parse("[ipvs]\nkeep_on_stp = true\n", "lb.toml");
    routerd::sdk::Config root(nullptr, &routerd::host_api(), doc->root().as_c());
    EXPECT_TRUE(read_model(root["ipvs"], ReaderEnvironment{}));
    doc->report_unknown_keys(doc->root());
    ASSERT_EQ(doc->diagnostics().all().size(), 1u);
    EXPECT_EQ(doc->diagnostics().all()[0].to_string(),
              "lb.toml:2:1: ipvs.keep_on_stp: unknown key 'keep_on_stp' (did you mean "
              "'keep_on_stop'?)");
}

// global_defs lvs_timeouts, lvs_flush, lvs_flush_on_stop and lvs_sync_daemon.
TEST(ModelReader, KernelSettings) {
    const Read r = read(R"(
[ipvs]
timeouts = { tcp = "15m", udp = "300s" }
flush = true
flush_on_stop = "VS"
[ipvs.sync_daemon]
interface = "eth1"
vrrp_instance = "VI_1"
syncid = 51
maxlen = 1400
port = 8849
ttl = 2
group = "FF02::0081"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->timeouts, (ConnectionTimeouts{900, 0, 300}));
    EXPECT_TRUE(r.model->flush);
    EXPECT_EQ(r.model->flush_on_stop, FlushOnStop::services);
    ASSERT_TRUE(r.model->sync_daemon);
    EXPECT_EQ(r.model->sync_daemon->vrrp_instance, "VI_1");
    const SyncDaemon& d = r.model->sync_daemon->settings;
    EXPECT_EQ(d.interface, "eth1");
    EXPECT_EQ(d.syncid, 51u);
    EXPECT_EQ(d.maxlen, 1400);
    EXPECT_EQ(d.port, 8849);
    EXPECT_EQ(d.ttl, 2);
    EXPECT_EQ(d.group, "ff02::81");  // as the kernel reports it back
    EXPECT_TRUE(r.model->needs_forwarder());
}

TEST(ModelReader, KernelSettingsDefaults) {
    const Read r =
        read("[ipvs]\nflush_on_stop = \"all\"\n[ipvs.sync_daemon]\ninterface = \"eth0\"\n");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_FALSE(r.model->timeouts.any());
    EXPECT_FALSE(r.model->flush);
    EXPECT_EQ(r.model->flush_on_stop, FlushOnStop::all);
    EXPECT_EQ(r.model->sync_daemon->settings, (SyncDaemon{.interface = "eth0"}));
    EXPECT_EQ(r.model->sync_daemon->vrrp_instance, "");
    EXPECT_FALSE(read("").model->needs_forwarder());
}

TEST(ModelReader, KernelSettingsMistakes) {
    const Read r = read(R"(
[ipvs]
timeouts = { tcp = "1500ms", tcpfin = "32d", udp = 5 }
flush_on_stop = "some"
[ipvs.sync_daemon]
interface = "a-very-long-interface"
vrrp_instance = "VI_1"
ttl = 0
group = "10.0.0.1"
)");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:3:20: ipvs.timeouts.tcp: must be whole seconds from 1s to 31 days "
                       "(2678400s)",
                       "lb.toml:3:39: ipvs.timeouts.tcpfin: must be whole seconds from 1s to 31 "
                       "days (2678400s)",
                       "lb.toml:3:52: ipvs.timeouts.udp: expected a string, found an integer",
                       "lb.toml:4:17: ipvs.flush_on_stop: 'some' is not one of none, all, vs",
                       "lb.toml:6:13: ipvs.sync_daemon.interface: 'a-very-long-interface' is "
                       "longer than an interface name (15 characters)",
                       "lb.toml:5:1: ipvs.sync_daemon.syncid: is required with vrrp_instance "
                       "(Keepalived takes the instance's virtual_router_id: write it here)",
                       "lb.toml:8:7: ipvs.sync_daemon.ttl: 0 is out of range 1..255",
                       "lb.toml:9:9: ipvs.sync_daemon.group: '10.0.0.1' is not an IPv4 or IPv6 "
                       "multicast address"}));
    EXPECT_EQ(read("[ipvs]\ntimeouts = {}\n").errors,
              (Strings{"lb.toml:2:12: ipvs.timeouts: needs at least one of tcp, tcpfin, udp "
                       "(keepalived.conf(5) lvs_timeouts)"}));
}

// The userspace forwarder has no connection table to time out, flush or synchronise.
TEST(ModelReader, KernelSettingsNeedTheKernelForwarder) {
    const Read r = read(
        "[ipvs]\nforwarder = \"userspace\"\nflush = true\n[ipvs.sync_daemon]\n"
        "interface = \"eth0\"\n");
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:3:9: ipvs.flush: is a setting of the kernel's IPVS: it needs "
                       "forwarder = \"kernel\" (or \"auto\" where ip_vs is loaded)",
                       "lb.toml:4:1: ipvs.sync_daemon: is a setting of the kernel's IPVS: it "
                       "needs forwarder = \"kernel\" (or \"auto\" where ip_vs is loaded)"}));
}

// sorry_server_lvs_method (its own method, the virtual server's by default) and
// sorry_server_inhibit.
TEST(ModelReader, SorryServerMethodAndInhibit) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
method = "DR"
sorry_server = "10.0.2.1:80"
sorry_server_method = "TUN"
sorry_server_tun_type = "gue"
sorry_server_tun_port = 6080
sorry_server_inhibit = true
[ipvs.virtual_server.b]
address = "10.0.0.2:80"
method = "TUN"
tun_type = "gre"
sorry_server = "10.0.2.2:80"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    const RealServer& a = *r.model->virtual_servers[0].sorry_server;
    EXPECT_EQ(a.method, Method::tun);
    EXPECT_EQ(a.tun_type, TunType::gue);
    EXPECT_EQ(a.tun_port, 6080);
    EXPECT_TRUE(a.inhibit_on_failure);
    const RealServer& b = *r.model->virtual_servers[1].sorry_server;
    EXPECT_EQ(b.method, Method::tun);
    EXPECT_EQ(b.tun_type, TunType::gre);
    EXPECT_FALSE(b.inhibit_on_failure);
}

TEST(ModelReader, SorryServerMethodMistakes) {
    const Read r = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
sorry_server = "10.0.2.1:80"
sorry_server_method = "DR"
sorry_server_tun_type = "gre"
[ipvs.virtual_server.b]
address = "10.0.0.2:80"
sorry_server_inhibit = true
)");
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:6:25: ipvs.virtual_server.a.sorry_server_tun_type: applies to "
                       "sorry_server_method = \"TUN\" only",
                       "lb.toml:9:24: ipvs.virtual_server.b.sorry_server_inhibit: applies to a "
                       "virtual server with a sorry_server"}));
}

// keepalived.conf(5) ip_family: the family of a fwmark service whose real servers are all
// tunnelled (IPVS takes a real server of the other family only over a tunnel).
TEST(ModelReader, IpFamily) {
    const Read r = read(R"(
[ipvs.virtual_server.m]
fwmark = 9
ip_family = "inet6"
method = "TUN"
[ipvs.virtual_server.m.real_server.a]
address = "10.0.1.1:80"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->virtual_servers[0].fwmark_family, AF_INET6);
    const Read wrong = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:80"
ip_family = "inet"
[ipvs.virtual_server.m]
fwmark = 9
ip_family = "inet6"
method = "DR"
[ipvs.virtual_server.m.real_server.a]
address = "10.0.1.1:80"
[ipvs.virtual_server.n]
fwmark = 10
ip_family = "ipx"
)");
    EXPECT_EQ(wrong.errors,
              (Strings{"lb.toml:4:13: ipvs.virtual_server.a.ip_family: applies to fwmark virtual "
                       "servers (an address has its own family)",
                       "lb.toml:10:11: ipvs.virtual_server.m.real_server.a.address: a real server "
                       "of another family than ip_family needs method = \"TUN\"",
                       "lb.toml:13:13: ipvs.virtual_server.n.ip_family: 'ipx' is not one of inet, "
                       "inet6"}));
}

// keepalived.conf(5) persistence_engine: "currently only sip supported"; the kernel consults it
// for persistent services only, and the userspace forwarder has none.
TEST(ModelReader, PersistenceEngine) {
    const Read r = read(R"(
[ipvs.virtual_server.sip]
address = "10.0.0.1:5060"
protocol = "UDP"
persistence_timeout = "60s"
persistence_engine = "SIP"
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->virtual_servers[0].persistence_engine, "sip");
    const Read wrong = read(R"(
[ipvs.virtual_server.a]
address = "10.0.0.1:5060"
persistence_engine = "sip"
[ipvs.virtual_server.b]
address = "10.0.0.2:5060"
persistence_timeout = "60s"
persistence_engine = "h323"
)");
    EXPECT_EQ(wrong.errors,
              (Strings{"lb.toml:4:22: ipvs.virtual_server.a.persistence_engine: needs "
                       "persistence_timeout (the kernel uses the engine only for persistent "
                       "connections)",
                       "lb.toml:8:22: ipvs.virtual_server.b.persistence_engine: 'h323' is not one "
                       "of sip"}));
    const Read userspace = read(R"(
[ipvs]
forwarder = "userspace"
[ipvs.virtual_server.a]
address = "10.0.0.1:5060"
persistence_timeout = "60s"
persistence_engine = "sip"
)");
    EXPECT_EQ(userspace.errors,
              (Strings{"lb.toml:7:22: ipvs.virtual_server.a.persistence_engine: a persistence "
                       "engine needs forwarder = \"kernel\" (the userspace forwarder keeps "
                       "clients by address only)"}));
}

// keepalived.conf(5) net_namespace_ipvs: a namespace name (/run/netns/NAME) or a namespace
// file, which must exist; a setting of the kernel's IPVS.
TEST(ModelReader, NetNamespace) {
    const Read path = read("[ipvs]\nnet_namespace = \"/proc/self/ns/net\"\n");
    ASSERT_TRUE(path.model) << ::testing::PrintToString(path.errors);
    EXPECT_EQ(path.model->net_namespace, "/proc/self/ns/net");
    EXPECT_TRUE(path.model->needs_forwarder());
    EXPECT_EQ(read("[ipvs]\n").model->net_namespace, "");
    EXPECT_EQ(read("[ipvs]\nnet_namespace = \"routerd-no-such-namespace\"\n").errors,
              (Strings{"lb.toml:2:17: ipvs.net_namespace: no network namespace "
                       "'routerd-no-such-namespace' (/run/netns/routerd-no-such-namespace is "
                       "missing: create it with `ip netns add routerd-no-such-namespace`)"}));
    EXPECT_EQ(read("[ipvs]\nnet_namespace = \"a/b\"\n").errors,
              (Strings{"lb.toml:2:17: ipvs.net_namespace: 'a/b' is neither a namespace name (as "
                       "`ip netns add NAME` takes) nor an absolute path"}));
    EXPECT_EQ(read("[ipvs]\nnet_namespace = \"/nonexistent/ns\"\n").errors,
              (Strings{"lb.toml:2:17: ipvs.net_namespace: no network namespace '/nonexistent/ns' "
                       "(/nonexistent/ns is missing)"}));
    EXPECT_EQ(
        read("[ipvs]\nforwarder = \"userspace\"\nnet_namespace = \"/proc/self/ns/net\"\n").errors,
        (Strings{"lb.toml:3:17: ipvs.net_namespace: is a setting of the kernel's IPVS: it needs "
                 "forwarder = \"kernel\" (or \"auto\" where ip_vs is loaded)"}));
}

// Keepalived runs every checker block of a real server; here `check` is an array of tables.
TEST(ModelReader, SeveralChecksOnOneRealServer) {
    const Read r = read(R"(
[ipvs.virtual_server.web]
address = "172.16.0.100:80"
[ipvs.virtual_server.web.real_server.rs1]
address = "172.16.1.20:80"
check = [{ type = "tcp" }, { type = "http", url = [{ path = "/" }] }]
)");
    ASSERT_TRUE(r.model) << ::testing::PrintToString(r.errors);
    EXPECT_EQ(r.model->virtual_servers[0].real_servers[0].check_ids,
              (Strings{"tcp@172.16.1.20:80", "http@172.16.1.20:80"}));
    EXPECT_EQ(r.attached, (Strings{"172.16.1.20:80", "172.16.1.20:80"}));
}

TEST(ModelReader, SeveralChecksMistakes) {
    const Read r = read(R"(
[ipvs.virtual_server.web]
address = "172.16.0.100:80"
alpha = true
[ipvs.virtual_server.web.real_server.rs1]
address = "172.16.1.20:80"
check = [{ type = "tcp", alpha = true }, "http", { type = "http" }]
[ipvs.virtual_server.web.real_server.rs2]
address = "172.16.1.21:80"
check = []
[ipvs.virtual_server.web.real_server.rs3]
address = "172.16.1.22:80"
check = "tcp"
)");
    EXPECT_FALSE(r.model);
    EXPECT_EQ(r.errors,
              (Strings{"lb.toml:7:42: ipvs.virtual_server.web.real_server.rs1.check[1]: expected "
                       "a check table (type = \"tcp\", ...)",
                       "lb.toml:7:50: ipvs.virtual_server.web.real_server.rs1.check[2]: the "
                       "virtual server has alpha = true: set alpha = true here too",
                       "lb.toml:10:9: ipvs.virtual_server.web.real_server.rs2.check: expected at "
                       "least one check table",
                       "lb.toml:13:9: ipvs.virtual_server.web.real_server.rs3.check: expected a "
                       "check table (type = \"tcp\", ...) or an array of them"}));
}
