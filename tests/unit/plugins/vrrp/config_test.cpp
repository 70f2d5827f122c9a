// The [vrrp] table: the reference page's setups parse to what Keepalived means, and mistakes
// are reported with file:line:col and key path.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

// ArchWiki "Master and backup failover setup", host A.
const char* kFailoverMaster = R"(
[vrrp.instance.VI_1]
state = "MASTER"
interface = "eth0"
virtual_router_id = 101
priority = 255
advert_int = "1s"
authentication = { type = "PASS", pass = "pass1234" }
virtual_ipaddress = ["172.16.0.100"]
)";

TEST(VrrpConfig, FailoverPairMasterMeansWhatKeepalivedMeans) {
    const Parsed p = parse(kFailoverMaster);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& vi = p.config->instances.at("VI_1");
    EXPECT_EQ(vi.interface, "eth0");
    EXPECT_EQ(vi.params.vrid, 101);
    EXPECT_EQ(vi.params.version, Version::v2);  // Keepalived's default vrrp_version
    EXPECT_EQ(vi.machine.priority, 255);
    EXPECT_TRUE(vi.machine.start_as_master);
    EXPECT_EQ(vi.params.advert_interval, Centiseconds(100));
    EXPECT_EQ(vi.params.auth_type, AuthType::pass);
    EXPECT_EQ(vi.params.auth_key, make_auth_key("pass1234"));
    ASSERT_EQ(vi.addresses.size(), 1u);
    EXPECT_EQ(vi.addresses[0].text(), "172.16.0.100/32");
    EXPECT_EQ(vi.params.addresses, std::vector<IpAddress>{*IpAddress::parse("172.16.0.100")});
    EXPECT_EQ(vi.garp, GarpConfig{});  // Keepalived's: 5 now, 5 after 5 s, no refresh
    EXPECT_EQ(vi.params.group(Family::ipv4), *IpAddress::parse("224.0.0.18"));
}

TEST(VrrpConfig, NopreemptAhAndTrackProcess) {
    const Parsed p = parse(R"(
[vrrp.track_process.track_sshd]
process = "sshd"
delay = "1s"

[vrrp.instance.VI_1]
state = "BACKUP"
nopreempt = true
interface = "eth0"
virtual_router_id = 101
priority = 200
advert_int = "1s"
authentication = { type = "AH", pass = "key12345" }
virtual_ipaddress = ["172.16.0.100"]
track_process = ["track_sshd"]
smtp_alert = true
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& vi = p.config->instances.at("VI_1");
    EXPECT_FALSE(vi.machine.preempt);
    EXPECT_EQ(vi.params.auth_type, AuthType::ah);
    EXPECT_EQ(vi.smtp_alert, true);
    ASSERT_EQ(vi.tracks.size(), 1u);
    EXPECT_EQ(vi.tracks[0].kind, TrackKind::process);
    EXPECT_EQ(vi.tracks[0].weight, std::nullopt);  // omitted weight: down means FAULT
    const ProcessConfig& sshd = p.config->processes.at("track_sshd");
    EXPECT_EQ(sshd.process, "sshd");
    EXPECT_EQ(sshd.fork_delay, std::chrono::seconds(1));
    EXPECT_EQ(sshd.terminate_delay, std::chrono::seconds(1));
    EXPECT_EQ(sshd.quorum, 1u);
}

TEST(VrrpConfig, V3Ipv6UnicastRoutesAndAddressOptions) {
    const Parsed p = parse(R"(
[vrrp]
version = 3
[vrrp.instance.V6]
interface = "eth1"
virtual_router_id = 7
advert_int = "100ms"
virtual_ipaddress = [{ address = "2001:db8::100/64", dev = "eth2" }]
unicast_src_ip = "2001:db8::1"
unicast_peer = ["2001:db8::2"]
virtual_routes = [{ to = "2001:db8:1::/48", via = "2001:db8::fe" }]
preempt_delay = "30s"
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& v6 = p.config->instances.at("V6");
    EXPECT_EQ(v6.params.version, Version::v3);
    EXPECT_EQ(v6.params.advert_interval, Centiseconds(10));
    EXPECT_EQ(v6.family(), Family::ipv6);
    EXPECT_EQ(v6.addresses[0].dev, "eth2");
    EXPECT_EQ(v6.addresses[0].prefix, 64);
    EXPECT_EQ(v6.params.unicast_peers,
              (std::vector<UnicastPeer>{{*IpAddress::parse("2001:db8::2"), 255, 255}}));
    EXPECT_EQ(v6.routes[0].text(), "2001:db8:1::/48 via 2001:db8::fe");
    EXPECT_EQ(v6.machine.preempt_delay, std::chrono::seconds(30));
}

// keepalived.conf(5) virtual_ipaddress_excluded: installed with the others, never advertised
// (a routerd and a Keepalived with the same configuration must agree on the advert's list).
TEST(VrrpConfig, ExcludedAddressesAreInstalledButNotAdvertised) {
    const Parsed p = parse(R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 51
virtual_ipaddress = ["172.16.0.100", "172.16.0.101"]
virtual_ipaddress_excluded = ["172.16.0.200", "2001:db8::200"]
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& vi = p.config->instances.at("VI_1");
    EXPECT_EQ(vi.params.addresses, (std::vector<IpAddress>{*IpAddress::parse("172.16.0.100"),
                                                           *IpAddress::parse("172.16.0.101")}));
    ASSERT_EQ(vi.addresses.size(), 4u);
    EXPECT_EQ(vi.addresses[2].text(), "172.16.0.200/32");
    EXPECT_EQ(vi.addresses[3].text(), "2001:db8::200/128");
}

TEST(VrrpConfig, MistakesNameFileLineAndKey) {
    const Parsed p = parse(R"([vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 300
priority = 0
advert_int = "1500ms"
state = "MASTR"
virtual_ipaddress = ["172.16.0.300"]
)");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 5u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:3:21: vrrp.instance.VI_1.virtual_router_id: 300 is out of range "
              "1..255");
    EXPECT_EQ(p.errors[1],
              "routerd.toml:4:12: vrrp.instance.VI_1.priority: 0 is out of range 1..255");
    EXPECT_EQ(p.errors[2],
              "routerd.toml:6:9: vrrp.instance.VI_1.state: 'MASTR' is not one of MASTER, BACKUP");
    EXPECT_EQ(p.errors[3],
              "routerd.toml:5:14: vrrp.instance.VI_1.advert_int: VRRPv2 adverts are whole "
              "seconds from 1s to 255s");
    EXPECT_EQ(p.errors[4],
              "routerd.toml:7:22: vrrp.instance.VI_1.virtual_ipaddress[0]: '172.16.0.300' is not "
              "an IPv4 or IPv6 address");
}

TEST(VrrpConfig, RulesAcrossKeys) {
    const Parsed p = parse(R"([vrrp.instance.A]
interface = "eth0"
virtual_router_id = 5
state = "MASTER"
nopreempt = true
version = 3
authentication = { type = "PASS", pass = "x" }
virtual_ipaddress = ["10.0.0.1"]

[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 6
virtual_ipaddress = ["10.0.0.2"]
track_script = ["missing"]

[vrrp.instance.C]
interface = "eth0"
virtual_router_id = 6
virtual_ipaddress = ["10.0.0.3"]

[vrrp.sync_group.G]
group = ["A", "D"]
)");
    EXPECT_FALSE(p.config);
    const std::string all = testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors.size(), 5u) << all;
    EXPECT_NE(all.find("5:13: vrrp.instance.A.nopreempt: needs state = \\\"BACKUP\\\""),
              std::string::npos)
        << all;
    EXPECT_NE(
        all.find("7:18: vrrp.instance.A.authentication: authentication exists only in VRRPv2"),
        std::string::npos)
        << all;
    EXPECT_NE(all.find("14:16: vrrp.instance.B.track_script: 'missing' is not defined under "
                       "[vrrp.script]"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("18:21: vrrp.instance.C.virtual_router_id: is already used on eth0 by B"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("vrrp.sync_group.G.group: 'D' is not a vrrp instance"), std::string::npos)
        << all;
    EXPECT_EQ(all.find("'A' is not a vrrp instance"), std::string::npos) << all;
}

// A root-owned directory of scripts, made writable by a non-root group on demand.
struct ScriptDir {
    ScriptDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "vrrp_cfg.XXXXXX").string();
        path = ::mkdtemp(pattern.data());
        ::chmod(path.c_str(), 0755);
        std::ofstream(script()) << "#!/bin/sh\nexit 0\n";
        ::chmod(script().c_str(), 0755);
    }
    ~ScriptDir() { std::filesystem::remove_all(path); }
    std::string script() const { return path + "/check.sh"; }
    void open_to_group() const {
        ::chown(path.c_str(), 0, 65534);
        ::chmod(path.c_str(), 0775);
    }
    std::string path;
};

std::string with_scripts(const std::string& script) {
    return R"([vrrp.script.chk]
script = ")" +
           script + R"("

[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 5
virtual_ipaddress = ["10.0.0.1"]
track_script = ["chk"]
notify_master = ")" +
           script + R"("
)";
}

// keepalived.conf(5) enable_script_security: a script run as root that a non-root user could
// change is a configuration error, on its key, with the reason.
TEST(VrrpConfig, ScriptSecurityRefusesWritableRootScriptsWhereTheyAreConfigured) {
    if (::geteuid() != 0) GTEST_SKIP() << "the files must belong to root";
    ScriptDir dir;
    const common::ScriptPolicy secure{std::nullopt, true};
    ASSERT_TRUE(parse(with_scripts(dir.script()), secure).config);
    dir.open_to_group();
    const Parsed p = parse(with_scripts(dir.script()), secure);
    EXPECT_FALSE(p.config);
    const std::string why = "refused by enable_script_security: " + dir.path +
                            " is writable by group 65534 (mode 0775)";
    EXPECT_EQ(p.errors, (std::vector<std::string>{
                            "routerd.toml:2:10: vrrp.script.chk.script: " + why,
                            "routerd.toml:9:17: vrrp.instance.VI_1.notify_master: " + why}));
    // Without script security, or run as another user, the same scripts are accepted.
    EXPECT_TRUE(parse(with_scripts(dir.script())).config);
    EXPECT_TRUE(parse(with_scripts(dir.script()), {common::RunAs{65534, 65534}, true}).config);
    // A script's own user wins over [global] script_user.
    const Parsed own =
        parse("[vrrp.script.chk]\nscript = \"" + dir.script() + "\"\nuser = \"nobody\"\n", secure);
    EXPECT_TRUE(own.config) << testing::PrintToString(own.errors);
    EXPECT_EQ(own.config->scripts.at("chk").tracker("chk").command.run_as,
              (common::RunAs{65534, 65534}));
    EXPECT_TRUE(own.config->scripts.at("chk").tracker("chk").command.script_security);
}

TEST(VrrpConfig, ScriptsRunAsTheGlobalScriptUserUnlessTheyHaveTheirOwn) {
    const common::ScriptPolicy policy{common::RunAs{65534, 65534}, false};
    const Parsed p = parse(R"([vrrp.script.chk]
script = "/bin/true"

[vrrp.script.own]
script = "/bin/true"
user = "root"
)",
                           policy);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->scripts.at("chk").tracker("chk").command.run_as, policy.user);
    EXPECT_EQ(p.config->scripts.at("own").tracker("own").command.run_as, (common::RunAs{0, 0}));
    EXPECT_EQ(p.config->runs_scripts_as_another_user(), ::geteuid() != 65534);
    const auto notify =
        notify_config(false, "VI_1", NotifyScripts{"/bin/true", "", "", "", "", "", ""}, policy);
    EXPECT_EQ(notify.master->run_as, policy.user);
    const Parsed bad = parse("[vrrp.script.chk]\nscript = \"/bin/true\"\nuser = \"nobody-here\"\n");
    EXPECT_EQ(bad.errors,
              (std::vector<std::string>{"routerd.toml:3:8: vrrp.script.chk.user: unknown user "
                                        "\"nobody-here\""}));
}

TEST(VrrpConfig, TrackProcessUserCountsOnlyThatUsersProcesses) {
    const Parsed p = parse(R"([vrrp.track_process.web]
process = "nginx"
user = "nobody"
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->processes.at("web").tracker("web").match.uid, 65534u);
    EXPECT_EQ(parse("[vrrp.track_process.web]\nprocess = \"nginx\"\n")
                  .config->processes.at("web")
                  .tracker("web")
                  .match.uid,
              std::nullopt);
    const Parsed bad =
        parse("[vrrp.track_process.web]\nprocess = \"nginx\"\nuser = \"nobody-here\"\n");
    EXPECT_EQ(bad.errors, (std::vector<std::string>{
                              "routerd.toml:3:8: vrrp.track_process.web.user: unknown user "
                              "\"nobody-here\""}));
}

// keepalived.conf(5) vrrp_script init_fail and vrrp_track_file init_file [VALUE] [overwrite].
TEST(VrrpConfig, InitFailAndInitFile) {
    const Parsed p = parse(R"([vrrp.script.chk]
script = "/bin/true"
init_fail = true

[vrrp.track_file.flag]
file = "/run/flag"
init_file = 5
init_file_overwrite = true

[vrrp.track_file.plain]
file = "/run/other"
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_TRUE(p.config->scripts.at("chk").tracker("chk").rise_fall.init_fail);
    const track::FileTrackConfig flag = p.config->files.at("flag").tracker("flag");
    EXPECT_EQ(flag.init_value, 5);
    EXPECT_TRUE(flag.init_overwrite);
    const track::FileTrackConfig plain = p.config->files.at("plain").tracker("plain");
    EXPECT_EQ(plain.init_value, std::nullopt);
    EXPECT_FALSE(plain.init_overwrite);

    const Parsed bad = parse(R"([vrrp.track_file.flag]
file = "/run/flag"
init_file_overwrite = true

[vrrp.script.chk]
script = "/bin/true"
init_fail = "yes"
)");
    EXPECT_EQ(
        bad.errors,
        (std::vector<std::string>{
            "routerd.toml:7:13: vrrp.script.chk.init_fail: expected a boolean, found a string",
            "routerd.toml:3:23: vrrp.track_file.flag.init_file_overwrite: needs init_file: "
            "the value to write"}));
}

// keepalived.conf(5) vrrp_track_process: `process NAME PARAMS...` with param_match,
// full_command, quorum and quorum_max, and fork_delay / terminate_delay over `delay`.
TEST(VrrpConfig, TrackProcessParametersAndDelays) {
    const Parsed p = parse(R"([vrrp.track_process.haproxy]
process = "/usr/sbin/haproxy"
params = ["-f", "/etc/haproxy"]
param_match = "initial"
delay = "2s"
terminate_delay = "5s"

[vrrp.track_process.bare]
process = "/usr/sbin/nginx"
param_match = "exact"
full_command = true
quorum = 2
quorum_max = 4
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const track::ProcessTrackConfig haproxy = p.config->processes.at("haproxy").tracker("haproxy");
    EXPECT_EQ(haproxy.match.params, (std::vector<std::string>{"-f", "/etc/haproxy"}));
    EXPECT_EQ(haproxy.match.param_match, track::ParamMatch::initial);
    EXPECT_TRUE(haproxy.match.needs_cmdline());
    EXPECT_EQ(haproxy.quorum.fork_delay, std::chrono::seconds(2));
    EXPECT_EQ(haproxy.quorum.terminate_delay, std::chrono::seconds(5));
    // param_match without params: "must have no parameters".
    const track::ProcessTrackConfig bare = p.config->processes.at("bare").tracker("bare");
    EXPECT_EQ(bare.match.params, std::vector<std::string>{});
    EXPECT_EQ(bare.match.param_match, track::ParamMatch::exact);
    // full_command: the name is argv[0], not comm; quorum..quorum_max processes must run.
    EXPECT_TRUE(bare.match.full_command);
    EXPECT_FALSE(haproxy.match.full_command);
    EXPECT_EQ(bare.quorum.quorum, 2u);
    EXPECT_EQ(bare.quorum.quorum_max, std::optional<std::size_t>(4));

    const Parsed bad = parse("[vrrp.track_process.x]\nprocess = \"x\"\nparam_match = \"some\"\n");
    EXPECT_EQ(bad.errors, (std::vector<std::string>{
                              "routerd.toml:3:15: vrrp.track_process.x.param_match: 'some' is not "
                              "one of exact, partial, initial"}));
}

// keepalived.conf(5) vrrp_sync_group track_*: the group's trackers apply to every member, and
// members' tracking weights are set to zero unless sync_group_tracking_weight.
TEST(VrrpConfig, SyncGroupTrackingReachesEveryMemberWithWeightsZeroed) {
    auto config = [](const std::string& group_extra) {
        return R"([vrrp.script.chk]
script = "/bin/true"

[vrrp.track_file.flag]
file = "/run/flag"

[vrrp.sync_group.G]
group = ["A", "B"]
track_script = [{ name = "chk", weight = -20 }]
)" + group_extra +
               R"(
[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["10.0.0.1"]
track_file = [{ name = "flag", weight = 10 }]

[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["10.0.0.2"]
track_script = ["chk"]
)";
    };
    const Parsed zeroed = parse(config(""));
    ASSERT_TRUE(zeroed.config) << testing::PrintToString(zeroed.errors);
    const auto& a = zeroed.config->instances.at("A").tracks;
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0], (TrackRef{TrackKind::file, "flag", 0, false, ""}));
    EXPECT_EQ(a[1], (TrackRef{TrackKind::script, "chk", 0, false, ""}));
    // B lists chk itself: not added twice.
    EXPECT_EQ(zeroed.config->instances.at("B").tracks,
              (std::vector<TrackRef>{{TrackKind::script, "chk", 0, false, ""}}));

    const Parsed weighted = parse(config("sync_group_tracking_weight = true\n"));
    ASSERT_TRUE(weighted.config) << testing::PrintToString(weighted.errors);
    EXPECT_EQ(weighted.config->instances.at("A").tracks,
              (std::vector<TrackRef>{{TrackKind::file, "flag", 10, false, ""},
                                     {TrackKind::script, "chk", -20, false, ""}}));

    const Parsed bad = parse(R"([vrrp.sync_group.G]
group = ["A"]
track_process = ["nginx"]

[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["10.0.0.1"]
)");
    EXPECT_EQ(bad.errors, (std::vector<std::string>{
                              "routerd.toml:3:17: vrrp.sync_group.G.track_process: 'nginx' is not "
                              "defined under [vrrp.track_process]"}));
}

TEST(VrrpConfig, DontTrackPrimary) {
    const std::string instance = R"([vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["10.0.0.1"]
)";
    EXPECT_FALSE(parse(instance).config->instances.at("VI_1").dont_track_primary);
    EXPECT_TRUE(parse(instance + "dont_track_primary = true\n")
                    .config->instances.at("VI_1")
                    .dont_track_primary);
    EXPECT_EQ(parse(instance + "dont_track_primary = 1\n").errors,
              (std::vector<std::string>{"routerd.toml:5:22: vrrp.instance.VI_1.dont_track_primary: "
                                        "expected a boolean, found an integer"}));
}

// keepalived.conf(5) down_timer_adverts 1..100, [vrrp]'s (vrrp_down_timer_adverts) by default;
// [vrrp] log_unknown_vrids.
TEST(VrrpConfig, DownTimerAdvertsAndLogUnknownVrids) {
    const std::string instances = R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["10.0.0.1"]

[vrrp.instance.VI_2]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["10.0.0.2"]
down_timer_adverts = 100
)";
    const Parsed rfc = parse(instances);
    ASSERT_TRUE(rfc.config) << testing::PrintToString(rfc.errors);
    EXPECT_EQ(rfc.config->instances.at("VI_1").machine.down_timer_adverts, 3u);
    EXPECT_EQ(rfc.config->instances.at("VI_2").machine.down_timer_adverts, 100u);
    const Parsed global = parse("[vrrp]\ndown_timer_adverts = 1\n" + instances);
    ASSERT_TRUE(global.config) << testing::PrintToString(global.errors);
    EXPECT_EQ(global.config->instances.at("VI_1").machine.down_timer_adverts, 1u);
    EXPECT_EQ(global.config->instances.at("VI_2").machine.down_timer_adverts, 100u);
    EXPECT_FALSE(rfc.config->log_unknown_vrids);
    const Parsed logged = parse("[vrrp]\nlog_unknown_vrids = true\n" + instances);
    ASSERT_TRUE(logged.config) << testing::PrintToString(logged.errors);
    EXPECT_TRUE(logged.config->log_unknown_vrids);
    EXPECT_EQ(parse("[vrrp]\ndown_timer_adverts = 0\n" + instances).errors,
              (std::vector<std::string>{"routerd.toml:2:22: vrrp.down_timer_adverts: 0 is out of "
                                        "range 1..100"}));
}

}  // namespace
}  // namespace routerd::vrrp
