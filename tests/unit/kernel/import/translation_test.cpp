#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

using test::findings_text;
using test::parsed;

TEST(Translation, AVrrpInstanceWithItsOptions) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 0.5
    version 3
    preempt_delay 2.5
    virtual_ipaddress {
        10.0.0.1/24 dev eth0 label eth0:1
        10.0.0.2
    }
    virtual_routes {
        10.1.0.0/16 via 10.0.0.254 dev eth0 metric 5
    }
    unicast_src_ip 10.0.0.10
    unicast_peer {
        10.0.0.11
    }
    track_script {
        chk weight -20
        chk2
    }
    notify_master "/usr/local/bin/notify.sh 'to master'"
    garp_master_refresh 60
    no_accept
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto i = t["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(i["state"].value_or(""), std::string("BACKUP"));
    EXPECT_EQ(i["virtual_router_id"].value_or(0), 51);
    EXPECT_EQ(i["advert_int"].value_or(""), std::string("500ms"));
    EXPECT_EQ(i["preempt_delay"].value_or(""), std::string("2500ms"));
    EXPECT_EQ(i["virtual_ipaddress"][0]["address"].value_or(""), std::string("10.0.0.1/24"));
    EXPECT_EQ(i["virtual_ipaddress"][0]["label"].value_or(""), std::string("eth0:1"));
    EXPECT_EQ(i["virtual_ipaddress"][1].value_or(""), std::string("10.0.0.2"));
    EXPECT_EQ(i["virtual_routes"][0]["to"].value_or(""), std::string("10.1.0.0/16"));
    EXPECT_EQ(i["virtual_routes"][0]["via"].value_or(""), std::string("10.0.0.254"));
    EXPECT_EQ(i["virtual_routes"][0]["metric"].value_or(0), 5);
    EXPECT_EQ(i["unicast_peer"][0].value_or(""), std::string("10.0.0.11"));
    EXPECT_EQ(i["track_script"][0]["weight"].value_or(0), -20);
    EXPECT_EQ(i["track_script"][1].value_or(""), std::string("chk2"));
    EXPECT_EQ(i["notify_master"].value_or(""), std::string("/usr/local/bin/notify.sh 'to master'"));
    EXPECT_EQ(i["garp_master_refresh"].value_or(""), std::string("60s"));
    EXPECT_TRUE(i["no_accept"].value_or(false));
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
}

TEST(Translation, TheVrrpProcessSchedulingBecomesTheVrrpThreads) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_priority -5
    vrrp_rt_priority 50
    vrrp_rlimit_rttime 20000
    vrrp_no_swap
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["nice"].value_or(0), -5);
    EXPECT_EQ(t["vrrp"]["rt_priority"].value_or(0), 50);
    EXPECT_EQ(t["vrrp"]["rlimit_rttime"].value_or(""), std::string("20000us"));
    EXPECT_TRUE(t["vrrp"]["no_swap"].value_or(false));
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
}

TEST(Translation, AutomaticPriorityRisesOfTheVrrpProcessAreTheVrrpThreads) {
    const auto result = test::import_text(R"(
global_defs {
    max_auto_priority 20
    min_auto_priority_delay 5000
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["max_auto_priority"].value_or(-5), 20);
    EXPECT_EQ(t["vrrp"]["min_auto_priority_delay"].value_or(""), std::string("5000us"));
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
}

TEST(Translation, MaxAutoPriorityWithoutValueIsTheHighestAndMinusOneIsOff) {
    // keepalived.conf(5): "Omitting the priority sets the maximum value"; -1 disables (and
    // silences Keepalived's start-up notice).
    const auto highest = test::import_text("global_defs {\n    max_auto_priority\n}\n");
    EXPECT_EQ(findings_text(highest), "");
    EXPECT_EQ(parsed(highest)["vrrp"]["max_auto_priority"].value_or(-5), 99);
    const auto off = test::import_text("global_defs {\n    max_auto_priority -1\n}\n");
    EXPECT_EQ(findings_text(off), "");
    EXPECT_EQ(parsed(off)["vrrp"]["max_auto_priority"].value_or(-5), 0);
    const auto bad = test::import_text("global_defs {\n    min_auto_priority_delay soon\n}\n");
    EXPECT_EQ(findings_text(bad),
              "test.conf:2: min_auto_priority_delay: 'soon' is not a whole number\n");
    EXPECT_FALSE(parsed(bad)["vrrp"]["min_auto_priority_delay"]);
}

TEST(Translation, StartupAndShutdownScriptsWithTheirUsersAndTimeouts) {
    const auto result = test::import_text(R"(
global_defs {
    startup_script "/usr/local/sbin/marks add" root
    startup_script_timeout 30
    shutdown_script /usr/local/sbin/marks-flush nobody nogroup
    shutdown_script_timeout 5
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["global"]["startup_script"].value_or(""), std::string("/usr/local/sbin/marks add"));
    EXPECT_EQ(t["global"]["startup_script_user"].value_or(""), std::string("root"));
    EXPECT_EQ(t["global"]["startup_script_timeout"].value_or(""), std::string("30s"));
    EXPECT_EQ(t["global"]["shutdown_script"].value_or(""),
              std::string("/usr/local/sbin/marks-flush"));
    EXPECT_EQ(t["global"]["shutdown_script_user"].value_or(""), std::string("nobody nogroup"));
    EXPECT_EQ(t["global"]["shutdown_script_timeout"].value_or(""), std::string("5s"));
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
}

TEST(Translation, AStartupScriptWithTooManyWordsIsReported) {
    const auto result = test::import_text("global_defs {\n    startup_script /x.sh a b c\n}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:2: startup_script: takes a script, then an optional user and group\n");
    EXPECT_FALSE(parsed(result)["global"]["startup_script"]);
}

TEST(Translation, ARlimitRttimeThatIsNoNumberIsReported) {
    const auto result = test::import_text("global_defs {\n    vrrp_rlimit_rttime lots\n}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:2: vrrp_rlimit_rttime: 'lots' is not a whole number\n");
    EXPECT_FALSE(parsed(result)["vrrp"]["rlimit_rttime"]);
}

TEST(Translation, WhichAdvertsAnInstanceAccepts) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_check_unicast_src
    vrrp_skip_check_adv_addr
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    unicast_ttl 64
    check_unicast_src
    skip_check_adv_addr off
    unicast_peer {
        10.0.0.11
        10.9.0.2 min_ttl 250
        10.9.0.3 max_ttl 60 min_ttl 10
        10.9.0.4 max_ttl
    }
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:17: unicast_peer max_ttl: 'max_ttl' is not "
              "min_ttl N or max_ttl N\n");
    const toml::table t = parsed(result);
    EXPECT_TRUE(t["vrrp"]["check_unicast_src"].value_or(false));
    EXPECT_TRUE(t["vrrp"]["skip_check_adv_addr"].value_or(false));
    const auto i = t["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(i["unicast_ttl"].value_or(0), 64);
    EXPECT_TRUE(i["check_unicast_src"].value_or(false));
    EXPECT_FALSE(i["skip_check_adv_addr"].value_or(true));
    EXPECT_EQ(i["unicast_peer"][0].value_or(""), std::string("10.0.0.11"));
    EXPECT_EQ(i["unicast_peer"][1]["address"].value_or(""), std::string("10.9.0.2"));
    EXPECT_EQ(i["unicast_peer"][1]["min_ttl"].value_or(0), 250);
    EXPECT_EQ(i["unicast_peer"][2]["max_ttl"].value_or(0), 60);
    EXPECT_EQ(i["unicast_peer"][2]["min_ttl"].value_or(0), 10);
    EXPECT_EQ(i["unicast_peer"][3].value_or(""), std::string("10.9.0.4"));
}

TEST(Translation, HowAMasterAnnouncesItself) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_garp_master_delay 10
    vrrp_garp_master_repeat 2
    vrrp_garp_master_refresh 60
    vrrp_garp_master_refresh_repeat 3
    vrrp_garp_lower_prio_delay 4
    vrrp_garp_lower_prio_repeat 1
    vrrp_garp_interval 0.001
    vrrp_gna_interval 0.000002
    vrrp_min_garp
    vrrp_lower_prio_no_advert
    vrrp_higher_prio_send_advert false
    vrrp_mcast_group4 224.0.0.19
    vrrp_mcast_group6 ff02::13
    vrrp_startup_delay 5.5
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    mcast_src_ip 10.0.0.5
    garp_master_refresh_repeat 2
    garp_lower_prio_delay 1.5
    garp_lower_prio_repeat 0
    lower_prio_no_advert off
    higher_prio_send_advert
    promote_secondaries
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto v = t["vrrp"];
    EXPECT_EQ(v["garp_master_delay"].value_or(""), std::string("10s"));
    EXPECT_EQ(v["garp_master_repeat"].value_or(0), 2);
    EXPECT_EQ(v["garp_master_refresh"].value_or(""), std::string("60s"));
    EXPECT_EQ(v["garp_master_refresh_repeat"].value_or(0), 3);
    EXPECT_EQ(v["garp_lower_prio_delay"].value_or(""), std::string("4s"));
    EXPECT_EQ(v["garp_lower_prio_repeat"].value_or(0), 1);
    EXPECT_EQ(v["garp_interval"].value_or(""), std::string("1ms"));
    EXPECT_EQ(v["gna_interval"].value_or(""), std::string("2us"));
    EXPECT_TRUE(v["min_garp"].value_or(false));
    EXPECT_TRUE(v["lower_prio_no_advert"].value_or(false));
    EXPECT_FALSE(v["higher_prio_send_advert"].value_or(true));
    EXPECT_EQ(v["mcast_group4"].value_or(""), std::string("224.0.0.19"));
    EXPECT_EQ(v["mcast_group6"].value_or(""), std::string("ff02::13"));
    EXPECT_EQ(v["startup_delay"].value_or(""), std::string("5500ms"));
    const auto i = v["instance"]["VI_1"];
    EXPECT_EQ(i["mcast_src_ip"].value_or(""), std::string("10.0.0.5"));
    EXPECT_EQ(i["garp_master_refresh_repeat"].value_or(0), 2);
    EXPECT_EQ(i["garp_lower_prio_delay"].value_or(""), std::string("1500ms"));
    EXPECT_EQ(i["garp_lower_prio_repeat"].value_or(-1), 0);
    EXPECT_FALSE(i["lower_prio_no_advert"].value_or(true));
    EXPECT_TRUE(i["higher_prio_send_advert"].value_or(false));
    EXPECT_TRUE(i["promote_secondaries"].value_or(false));
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
}

TEST(Translation, WhatRouterdLacksIsReportedWithFileLineAndReasonAllInOneRun) {
    const auto result = test::import_text(
        "global_defs {\n"
        "  enable_snmp_vrrp\n"
        "  lvs_id lb1\n"
        "}\n"
        "vrrp_instance VI_1 {\n"
        "  priority 100\n"
        "  virtual_ipaddress {\n"
        "    10.0.0.1 track_group G1\n"
        "  }\n"
        "  frobnicate 3\n"
        "}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:2: enable_snmp_vrrp: not applicable to routerd: routerd has no SNMP "
              "agent: `routerctl --json status`, `routerctl vrrp` and `routerctl checks` give "
              "the same state\n"
              "test.conf:3: lvs_id: obsolete in Keepalived: Keepalived's old name of router_id: "
              "write router_id\n"
              "test.conf:8: virtual_ipaddress track_group: only static addresses, routes and "
              "rules have a track group (keepalived.conf(5)); left out\n"
              "test.conf:10: frobnicate: not a keyword of vrrp_instance in keepalived.conf(5)\n");
    // The address itself is still translated, without the option.
    EXPECT_EQ(parsed(result)["vrrp"]["instance"]["VI_1"]["virtual_ipaddress"][0].value_or(""),
              std::string("10.0.0.1"));
}

TEST(Translation, UseVmacWithItsNameMacAndXmitBase) {
    const auto result = test::import_text(
        "global_defs {\n  vmac_prefix vk\n}\n"
        "vrrp_instance A {\n  use_vmac\n}\n"
        "vrrp_instance B {\n  use_vmac vip52\n  vmac_xmit_base\n}\n"
        "vrrp_instance C {\n  use_vmac vip53 02:00:5e:00:01\n}\n"
        "vrrp_instance D {\n  use_vmac 02:00:5e:00:01:07\n}\n"
        "vrrp_instance E {\n  use_vmac one two\n}\n");
    EXPECT_EQ(findings_text(result), "test.conf:18: use_vmac: 'two' is a second name; left out\n");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["vmac_prefix"].value_or(""), std::string("vk"));
    const auto instances = t["vrrp"]["instance"];
    EXPECT_EQ(instances["A"]["use_vmac"].value_or(false), true);
    EXPECT_EQ(instances["B"]["use_vmac"].value_or(""), std::string("vip52"));
    EXPECT_EQ(instances["B"]["vmac_xmit_base"].value_or(false), true);
    EXPECT_EQ(instances["C"]["use_vmac"]["name"].value_or(""), std::string("vip53"));
    EXPECT_EQ(instances["C"]["use_vmac"]["mac"].value_or(""), std::string("02:00:5e:00:01"));
    EXPECT_FALSE(instances["D"]["use_vmac"]["name"]);
    EXPECT_EQ(instances["D"]["use_vmac"]["mac"].value_or(""), std::string("02:00:5e:00:01:07"));
    EXPECT_EQ(instances["E"]["use_vmac"].value_or(""), std::string("one"));
}

// use_vmac_addr, an address's use_vmac (not a static address's: it has no instance) and
// vmac_addr_prefix.
TEST(Translation, UseVmacAddrAnAddressesUseVmacAndTheirPrefix) {
    const auto result = test::import_text(
        "global_defs {\n  vmac_addr_prefix vad\n}\n"
        "vrrp_instance A {\n  use_vmac\n  use_vmac_addr\n"
        "  virtual_ipaddress {\n    10.0.0.1/24\n    10.0.1.1/24 dev eth1 use_vmac\n  }\n"
        "  virtual_ipaddress_excluded {\n    2001:db8::1/64 use_vmac dev eth2\n  }\n}\n"
        "static_ipaddress {\n  10.0.2.1/24 dev eth2 use_vmac\n}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:16: static_ipaddress use_vmac: a static address is no instance's: it "
              "has no VMAC; left out\n");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["vmac_addr_prefix"].value_or(""), std::string("vad"));
    const auto a = t["vrrp"]["instance"]["A"];
    EXPECT_EQ(a["use_vmac_addr"].value_or(false), true);
    EXPECT_EQ(a["virtual_ipaddress"][0].value_or(""), std::string("10.0.0.1/24"));
    EXPECT_EQ(a["virtual_ipaddress"][1]["dev"].value_or(""), std::string("eth1"));
    EXPECT_EQ(a["virtual_ipaddress"][1]["use_vmac"].value_or(false), true);
    EXPECT_EQ(a["virtual_ipaddress_excluded"][0]["dev"].value_or(""), std::string("eth2"));
    EXPECT_EQ(a["virtual_ipaddress_excluded"][0]["use_vmac"].value_or(false), true);
    EXPECT_EQ(t["vrrp"]["static_ipaddress"][0]["dev"].value_or(""), std::string("eth2"));
    EXPECT_FALSE(t["vrrp"]["static_ipaddress"][0]["use_vmac"]);
}

TEST(Translation, UseIpvlanWithItsNameAddressAndModeInAnyOrder) {
    const auto result = test::import_text(
        "vrrp_instance A {\n  use_ipvlan\n}\n"
        "vrrp_instance B {\n  use_ipvlan ipvl52\n}\n"
        "vrrp_instance C {\n  use_ipvlan ipvl53 172.16.0.11/24 private\n}\n"
        "vrrp_instance D {\n  use_ipvlan vepa 2001:db8::11\n}\n"
        "vrrp_instance E {\n  use_ipvlan 10.0.0.1 10.0.0.2\n}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:14: use_ipvlan: '10.0.0.2' is a second address; left out\n");
    const toml::table t = parsed(result);
    const auto instances = t["vrrp"]["instance"];
    EXPECT_EQ(instances["A"]["use_ipvlan"].value_or(false), true);
    EXPECT_EQ(instances["B"]["use_ipvlan"].value_or(""), std::string("ipvl52"));
    EXPECT_EQ(instances["C"]["use_ipvlan"]["name"].value_or(""), std::string("ipvl53"));
    EXPECT_EQ(instances["C"]["use_ipvlan"]["address"].value_or(""), std::string("172.16.0.11/24"));
    EXPECT_EQ(instances["C"]["use_ipvlan"]["mode"].value_or(""), std::string("private"));
    EXPECT_FALSE(instances["D"]["use_ipvlan"]["name"]);
    EXPECT_EQ(instances["D"]["use_ipvlan"]["address"].value_or(""), std::string("2001:db8::11"));
    EXPECT_EQ(instances["D"]["use_ipvlan"]["mode"].value_or(""), std::string("vepa"));
    EXPECT_EQ(instances["E"]["use_ipvlan"]["address"].value_or(""), std::string("10.0.0.1"));
}

TEST(Translation, OldUnicastChecksumOrNever) {
    const auto result = test::import_text(
        "vrrp_instance A {\n  old_unicast_checksum\n}\n"
        "vrrp_instance B {\n  old_unicast_checksum never\n}\n"
        "vrrp_instance C {\n  old_unicast_checksum sometimes\n}\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:8: old_unicast_checksum: takes nothing or 'never'; left out\n");
    const toml::table t = parsed(result);
    const auto instances = t["vrrp"]["instance"];
    EXPECT_EQ(instances["A"]["old_unicast_checksum"].value_or(false), true);
    EXPECT_EQ(instances["B"]["old_unicast_checksum"].value_or(""), std::string("never"));
    EXPECT_FALSE(instances["C"]["old_unicast_checksum"]);
}

TEST(Translation, VrfInPlaceOfTheInterface) {
    const auto result = test::import_text(
        "vrrp_instance A {\n  vrf blue\n  unicast_src_ip 10.0.0.1\n  unicast_peer {\n"
        "    10.0.0.2\n  }\n}\n");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto a = t["vrrp"]["instance"]["A"];
    EXPECT_EQ(a["vrf"].value_or(""), std::string("blue"));
    EXPECT_FALSE(a["interface"]);
}

TEST(Translation, AValueOfTheWrongTypeIsReported) {
    const auto result = test::import_text(
        "vrrp_instance V { priority high\n advert_int soon\n nopreempt maybe }\n");
    EXPECT_EQ(findings_text(result),
              "test.conf:1: priority: 'high' is not a whole number\n"
              "test.conf:2: advert_int: 'soon' is not a time in seconds\n"
              "test.conf:3: nopreempt: 'maybe' is not one of on, off, true, false, yes, no\n");
}

TEST(Translation, VirtualServerCheckDefaultsApplyToEachRealServersCheck) {
    const auto result = test::import_text(R"(
virtual_server 10.10.10.2 1358 {
    lb_algo wrr
    lb_kind DR
    protocol TCP
    persistence_timeout 50
    sorry_server 192.168.200.200 1358
    real_server 192.168.200.2 1358 {
        weight 3
        HTTP_GET {
            url {
              path /testurl/test.jsp
              digest 640205b7b0fc66c1ea91c463fac6334d
              status_code 200-299 301
            }
            connect_timeout 3
            nb_get_retry 3
        }
    }
    real_server 192.168.200.3 1358 {
        MISC_CHECK {
            misc_path "/usr/bin/check.sh 192.168.200.3"
            misc_dynamic
        }
    }
    virtualhost www.example.com
    delay_loop 6
    ops
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto vs = t["ipvs"]["virtual_server"]["10.10.10.2:1358"];
    EXPECT_EQ(vs["address"].value_or(""), std::string("10.10.10.2:1358"));
    EXPECT_EQ(vs["scheduler"].value_or(""), std::string("wrr"));
    EXPECT_EQ(vs["method"].value_or(""), std::string("DR"));
    EXPECT_EQ(vs["persistence_timeout"].value_or(""), std::string("50s"));
    EXPECT_EQ(vs["sorry_server"].value_or(""), std::string("192.168.200.200:1358"));
    EXPECT_EQ(vs["flags"][0].value_or(""), std::string("ops"));
    const auto web = vs["real_server"]["192.168.200.2:1358"];
    EXPECT_EQ(web["weight"].value_or(0), 3);
    EXPECT_EQ(web["check"]["type"].value_or(""), std::string("http"));
    EXPECT_EQ(web["check"]["delay_loop"].value_or(""), std::string("6s"));
    EXPECT_EQ(web["check"]["virtualhost"].value_or(""), std::string("www.example.com"));
    EXPECT_EQ(web["check"]["connect_timeout"].value_or(""), std::string("3s"));
    EXPECT_EQ(web["check"]["retry"].value_or(0), 3);  // nb_get_retry, retry's old name
    EXPECT_EQ(web["check"]["url"][0]["path"].value_or(""), std::string("/testurl/test.jsp"));
    EXPECT_EQ(web["check"]["url"][0]["status_code"][1].value_or(""), std::string("301"));
    const auto misc = vs["real_server"]["192.168.200.3:1358"]["check"];
    EXPECT_EQ(misc["type"].value_or(""), std::string("misc"));
    EXPECT_EQ(misc["delay_loop"].value_or(""), std::string("6s"));
    EXPECT_FALSE(misc["virtualhost"]);  // an HTTP default only
    EXPECT_EQ(misc["misc_path"].value_or(""), std::string("/usr/bin/check.sh 192.168.200.3"));
    EXPECT_TRUE(misc["misc_dynamic"].value_or(false));
}

// Keepalived runs every checker of a real server (all must pass): an array of checks, each
// with the virtual server's check defaults.
TEST(Translation, SeveralCheckersOnARealServerBecomeACheckArray) {
    const auto result = test::import_text(
        "virtual_server 10.0.0.1 80 {\n"
        "  delay_loop 4\n"
        "  real_server 10.0.1.1 80 {\n"
        "    TCP_CHECK {\n    }\n"
        "    HTTP_GET {\n      url {\n        path /health\n      }\n    }\n"
        "  }\n"
        "  real_server 10.0.1.2 80 {\n"
        "    TCP_CHECK {\n    }\n"
        "  }\n"
        "}\n");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto servers = t["ipvs"]["virtual_server"]["10.0.0.1:80"]["real_server"];
    const auto checks = servers["10.0.1.1:80"]["check"];
    ASSERT_TRUE(checks.is_array());
    EXPECT_EQ(checks.as_array()->size(), 2u);
    EXPECT_EQ(checks[0]["type"].value_or(""), std::string("tcp"));
    EXPECT_EQ(checks[0]["delay_loop"].value_or(""), std::string("4s"));
    EXPECT_EQ(checks[1]["type"].value_or(""), std::string("http"));
    EXPECT_EQ(checks[1]["delay_loop"].value_or(""), std::string("4s"));
    EXPECT_EQ(checks[1]["url"][0]["path"].value_or(""), std::string("/health"));
    // One checker stays one check table.
    EXPECT_TRUE(servers["10.0.1.2:80"]["check"].is_table());
}

// Keepalived 2 makes each host { } of an SMTP_CHECK a checker of its own, from the
// SMTP_CHECK's other settings: the real server is in only while every host answers.
TEST(Translation, EachHostOfAnSmtpCheckIsACheckOfItsOwn) {
    const auto result = test::import_text(
        "virtual_server 10.0.0.1 25 {\n"
        "  real_server 10.0.1.1 25 {\n"
        "    SMTP_CHECK {\n"
        "      connect_timeout 10\n"
        "      helo_name foo.example\n"
        "      host {\n        connect_ip 10.0.1.1\n      }\n"
        "      host {\n        connect_ip 10.0.2.1\n        connect_port 587\n"
        "        connect_timeout 3\n      }\n"
        "    }\n"
        "  }\n"
        "}\n");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto checks =
        t["ipvs"]["virtual_server"]["10.0.0.1:25"]["real_server"]["10.0.1.1:25"]["check"];
    ASSERT_TRUE(checks.is_array());
    ASSERT_EQ(checks.as_array()->size(), 2u);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(checks[i]["type"].value_or(""), std::string("smtp"));
        EXPECT_EQ(checks[i]["helo_name"].value_or(""), std::string("foo.example"));
    }
    EXPECT_EQ(checks[0]["connect_ip"].value_or(""), std::string("10.0.1.1"));
    EXPECT_EQ(checks[0]["connect_timeout"].value_or(""), std::string("10s"));
    EXPECT_FALSE(checks[0]["connect_port"]);
    EXPECT_EQ(checks[1]["connect_ip"].value_or(""), std::string("10.0.2.1"));
    EXPECT_EQ(checks[1]["connect_port"].value_or(0), 587);
    EXPECT_EQ(checks[1]["connect_timeout"].value_or(""), std::string("3s"));
}

TEST(Translation, GroupsExpandRangesAndFwmarks) {
    const auto result = test::import_text(R"(
virtual_server_group VSG_1 {
    10.0.0.1 8080
    192.168.200.3-5 80
    fe80::1-3 443
    fwmark 7
}
virtual_server group VSG_1 {
    lb_algo rr
}
virtual_server fwmark 9 {
    lb_algo sh
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto group = t["ipvs"]["virtual_server_group"]["VSG_1"];
    const std::vector<std::string> expected{
        "10.0.0.1:8080", "192.168.200.3:80", "192.168.200.4:80", "192.168.200.5:80",
        "[fe80::1]:443", "[fe80::2]:443",    "[fe80::3]:443"};
    ASSERT_EQ(group["addresses"].as_array()->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(group["addresses"][i].value_or(""), expected[i]);
    }
    EXPECT_EQ(group["fwmarks"][0].value_or(0), 7);
    EXPECT_EQ(t["ipvs"]["virtual_server"]["VSG_1"]["group"].value_or(""), std::string("VSG_1"));
    EXPECT_EQ(t["ipvs"]["virtual_server"]["fwmark 9"]["fwmark"].value_or(0), 9);
}

TEST(Translation, GlobalDefsGoToTheirTables) {
    const auto result = test::import_text(R"(
global_defs {
   notification_email {
     acassen
     ops@example.com
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1 2525
   smtp_connect_timeout 30
   router_id LVS_DEVEL
   vrrp_version 3
}
)");
    // Keepalived hands a bare name to its SMTP server; routerd sends to user@domain only.
    EXPECT_EQ(findings_text(result),
              "test.conf:4: notification_email acassen: not supported by routerd yet: a "
              "recipient without @domain; left out\n");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["global"]["router_id"].value_or(""), std::string("LVS_DEVEL"));
    EXPECT_EQ(t["notify-smtp"]["notification_email"][0].value_or(""),
              std::string("ops@example.com"));
    EXPECT_FALSE(t["notify-smtp"]["notification_email"][1]);
    EXPECT_EQ(t["notify-smtp"]["smtp_server"][0].value_or(""), std::string("192.168.200.1:2525"));
    EXPECT_EQ(t["notify-smtp"]["smtp_connect_timeout"].value_or(0), 30);
    EXPECT_EQ(t["vrrp"]["version"].value_or(0), 3);
}

// keepalived.conf(5) global_defs smtp_alert_vrrp / smtp_alert_checker <BOOL> and the bare flag
// no_email_faults: notify-smtp's defaults by kind of object, and no alert for FAULT.
TEST(Translation, AlertDefaultsByKind) {
    const auto result = test::import_text(R"(
global_defs {
   notification_email {
     ops@example.com
   }
   smtp_alert_vrrp false
   smtp_alert_checker
   no_email_faults
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["notify-smtp"]["smtp_alert_vrrp"].value<bool>(), false);
    EXPECT_EQ(t["notify-smtp"]["smtp_alert_checker"].value<bool>(), true);
    EXPECT_EQ(t["notify-smtp"]["no_email_faults"].value<bool>(), true);
}

// vrrp_script init_fail, and vrrp_track_file init_file [VALUE] [overwrite] (VALUE defaults to 0).
TEST(Translation, InitFailAndInitFile) {
    const auto result = test::import_text(R"(
vrrp_script chk {
   script /bin/true
   init_fail
}
vrrp_track_file flag {
   file /run/flag
   init_file 7 overwrite
}
vrrp_track_file bare {
   file /run/bare
   init_file
}
vrrp_track_file bad {
   file /run/bad
   init_file seven
}
)");
    EXPECT_EQ(findings_text(result), "test.conf:16: init_file: 'seven' is not a whole number\n");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["script"]["chk"]["init_fail"].value<bool>(), true);
    EXPECT_EQ(t["vrrp"]["track_file"]["flag"]["init_file"].value<int64_t>(), 7);
    EXPECT_EQ(t["vrrp"]["track_file"]["flag"]["init_file_overwrite"].value<bool>(), true);
    EXPECT_EQ(t["vrrp"]["track_file"]["bare"]["init_file"].value<int64_t>(), 0);
    EXPECT_FALSE(t["vrrp"]["track_file"]["bare"]["init_file_overwrite"]);
    EXPECT_FALSE(t["vrrp"]["track_file"]["bad"]["init_file"]);
}

// vrrp_track_process: `process NAME PARAMS...` (a quoted string is one word), param_match,
// fork_delay and terminate_delay.
TEST(Translation, TrackProcessParametersAndDelays) {
    const auto result = test::import_text(R"(
vrrp_track_process haproxy {
   process /usr/sbin/haproxy -f "/etc/haproxy/a b.cfg"
   param_match initial
   fork_delay 2
   terminate_delay 0.5
}
vrrp_track_process nginx {
   process nginx
   param_match
}
vrrp_track_process bad {
   process bad
   param_match sometimes
}
)");
    EXPECT_EQ(findings_text(result), "test.conf:14: param_match: takes initial or partial\n");
    const toml::table t = parsed(result);
    const auto haproxy = t["vrrp"]["track_process"]["haproxy"];
    EXPECT_EQ(haproxy["process"].value_or(""), std::string("/usr/sbin/haproxy"));
    EXPECT_EQ(haproxy["params"][0].value_or(""), std::string("-f"));
    EXPECT_EQ(haproxy["params"][1].value_or(""), std::string("/etc/haproxy/a b.cfg"));
    EXPECT_FALSE(haproxy["full_command"]);
    EXPECT_EQ(haproxy["param_match"].value_or(""), std::string("initial"));
    EXPECT_TRUE(haproxy["fork_delay"]);
    EXPECT_TRUE(haproxy["terminate_delay"]);
    EXPECT_EQ(t["vrrp"]["track_process"]["nginx"]["param_match"].value_or(""),
              std::string("exact"));
    EXPECT_FALSE(t["vrrp"]["track_process"]["bad"]["param_match"]);
}

// vrrp_sync_group track_* (weight N, reverse, noreverse) and global_tracking, the deprecated
// spelling of sync_group_tracking_weight.
TEST(Translation, SyncGroupTracking) {
    const auto result = test::import_text(R"(
vrrp_sync_group G {
   group {
     A
   }
   track_interface {
     eth1 weight -10
   }
   track_script {
     chk weight 5 noreverse
   }
   global_tracking
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto g = t["vrrp"]["sync_group"]["G"];
    EXPECT_EQ(g["track_interface"][0]["name"].value_or(""), std::string("eth1"));
    EXPECT_EQ(g["track_interface"][0]["weight"].value_or(0), -10);
    EXPECT_EQ(g["track_script"][0]["weight"].value_or(0), 5);
    EXPECT_FALSE(g["track_script"][0]["reverse"]);
    EXPECT_EQ(g["sync_group_tracking_weight"].value<bool>(), true);
}

// net_namespace NAME, in global_defs or ahead of any block.
TEST(Translation, NetNamespace) {
    for (const char* text : {"global_defs {\n   net_namespace blue\n}\n", "net_namespace blue\n"}) {
        const auto result = test::import_text(text);
        EXPECT_EQ(findings_text(result), "") << text;
        EXPECT_EQ(parsed(result)["global"]["net_namespace"].value_or(""), std::string("blue"))
            << text;
    }
}

// keepalived.conf(5) nftables [TABLENAME], nftables_priority and nftables_counters: routerd's
// no_accept table; iptables and ipsets are reported with what routerd uses instead.
TEST(Translation, NftablesForNoAccept) {
    auto result = test::import_text(R"(
global_defs {
   nftables edge_fw
   nftables_priority -5
   nftables_counters
}
)");
    EXPECT_EQ(findings_text(result), "");
    toml::table t = parsed(result);
    EXPECT_EQ(t["vrrp"]["nftables"].value_or(""), std::string("edge_fw"));
    EXPECT_EQ(t["vrrp"]["nftables_priority"].value_or(0), -5);
    EXPECT_EQ(t["vrrp"]["nftables_counters"].value_or(false), true);
    result = test::import_text("global_defs {\n   nftables\n   vrrp_iptables\n}\n");
    EXPECT_FALSE(parsed(result)["vrrp"]["nftables"]);
    EXPECT_EQ(findings_text(result),
              "test.conf:3: vrrp_iptables: not applicable to routerd: routerd enforces no_accept "
              "with nftables, in a table of its own ([vrrp] nftables), as Keepalived does when "
              "nftables is available; it uses no iptables chains or ipsets\n");
    result = test::import_text("global_defs {\n   nftables a b\n}\n");
    EXPECT_EQ(findings_text(result), "test.conf:2: nftables: takes one table name at most\n");
}

// keepalived.conf(5) lvs_timeouts, lvs_flush, lvs_flush_on_stop and lvs_sync_daemon; the sync
// daemon's syncid defaults to its VRRP instance's virtual_router_id, written out for routerd.
TEST(Translation, LvsGlobals) {
    const auto result = test::import_text(R"(
global_defs {
   lvs_timeouts tcp 900 tcpfin 120 udp 300
   lvs_flush
   lvs_flush_on_stop VS
   lvs_sync_daemon eth1 VI_1 maxlen 1400 port 8849 ttl 2 group 239.1.2.3
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["timeouts"]["tcp"].value_or(""), std::string("900s"));
    EXPECT_EQ(t["ipvs"]["timeouts"]["tcpfin"].value_or(""), std::string("120s"));
    EXPECT_EQ(t["ipvs"]["timeouts"]["udp"].value_or(""), std::string("300s"));
    EXPECT_EQ(t["ipvs"]["flush"].value_or(false), true);
    EXPECT_EQ(t["ipvs"]["flush_on_stop"].value_or(""), std::string("vs"));
    auto daemon = t["ipvs"]["sync_daemon"];
    EXPECT_EQ(daemon["interface"].value_or(""), std::string("eth1"));
    EXPECT_EQ(daemon["vrrp_instance"].value_or(""), std::string("VI_1"));
    EXPECT_EQ(daemon["syncid"].value_or(0), 51);
    EXPECT_EQ(daemon["maxlen"].value_or(0), 1400);
    EXPECT_EQ(daemon["port"].value_or(0), 8849);
    EXPECT_EQ(daemon["ttl"].value_or(0), 2);
    EXPECT_EQ(daemon["group"].value_or(""), std::string("239.1.2.3"));
}

TEST(Translation, LvsGlobalsVariantsAndMistakes) {
    auto result = test::import_text(R"(
global_defs {
   lvs_flush_on_stop
   lvs_sync_daemon eth1 inst VI_9 id 7
}
)");
    EXPECT_EQ(findings_text(result), "");
    toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["flush_on_stop"].value_or(""), std::string("all"));
    EXPECT_EQ(t["ipvs"]["sync_daemon"]["vrrp_instance"].value_or(""), std::string("VI_9"));
    EXPECT_EQ(t["ipvs"]["sync_daemon"]["syncid"].value_or(0), 7);
    result = test::import_text(R"(
global_defs {
   lvs_timeouts tcp
   lvs_flush_on_stop ALL
   lvs_sync_daemon eth1 VI_9
   lvs_sync_daemon eth1 inst VI_9 speed 3
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:3: lvs_timeouts tcp: has no value\n"
              "test.conf:4: lvs_flush_on_stop: takes nothing or VS\n"
              "test.conf:5: lvs_sync_daemon: no vrrp_instance 'VI_9' with a virtual_router_id\n"
              "test.conf:6: lvs_sync_daemon speed: is not an option of lvs_sync_daemon\n");
}

// sorry_server_inhibit and sorry_server_lvs_method (as lvs_method, for the sorry server).
// Debian's sample keepalived.conf.vrrp.lvs_syncd: the old spelling inside vrrp_instance.
TEST(Translation, LvsSyncDaemonInterfaceOfAnInstance) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    interface eth0
    lvs_sync_daemon_interface eth1
    virtual_router_id 51
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["sync_daemon"]["interface"].value_or(""), std::string("eth1"));
    EXPECT_EQ(t["ipvs"]["sync_daemon"]["vrrp_instance"].value_or(""), std::string("VI_1"));
    EXPECT_EQ(t["ipvs"]["sync_daemon"]["syncid"].value_or(0), 51);
}

TEST(Translation, SorryServerOptions) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 80 {
    lvs_method DR
    sorry_server 10.0.2.1 80
    sorry_server_inhibit
    sorry_server_lvs_method TUN type gue port 6080
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    auto vs = t["ipvs"]["virtual_server"]["10.0.0.1:80"];
    EXPECT_EQ(vs["method"].value_or(""), std::string("DR"));
    EXPECT_EQ(vs["sorry_server_inhibit"].value_or(false), true);
    EXPECT_EQ(vs["sorry_server_method"].value_or(""), std::string("TUN"));
    EXPECT_EQ(vs["sorry_server_tun_type"].value_or(""), std::string("gue"));
    EXPECT_EQ(vs["sorry_server_tun_port"].value_or(0), 6080);
}

TEST(Translation, IpFamilyOfAFwmarkService) {
    const auto result = test::import_text(R"(
virtual_server fwmark 9 {
    ip_family inet6
    lvs_method TUN
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["virtual_server"]["fwmark 9"]["ip_family"].value_or(""),
              std::string("inet6"));
}

// keepalived.conf(5) global_defs script_user USER [GROUP] and enable_script_security, and a
// script's own `user USER [GROUP]`: the words become one "USER [GROUP]" string.
TEST(Translation, ScriptUsersAndScriptSecurity) {
    const auto result = test::import_text(R"(
global_defs {
   script_user nobody nogroup
   enable_script_security
}
vrrp_script chk {
   script /usr/local/bin/check.sh
   user daemon daemon
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["global"]["script_user"].value_or(""), std::string("nobody nogroup"));
    EXPECT_EQ(t["global"]["enable_script_security"].value_or(false), true);
    EXPECT_EQ(t["vrrp"]["script"]["chk"]["user"].value_or(""), std::string("daemon daemon"));
    const auto bad = test::import_text("global_defs {\n   script_user\n}\n");
    EXPECT_EQ(findings_text(bad), "test.conf:2: script_user: takes a user and an optional group\n");
}

TEST(Translation, MailSettingsWithoutARecipientAreLeftOut) {
    const auto result = test::import_text(R"(
global_defs {
   notification_email {
     root
   }
   smtp_server 127.0.0.1
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:4: notification_email root: not supported by routerd yet: a "
              "recipient without @domain; left out\n"
              "test.conf:2: global_defs: no notification_email with @domain: the mail settings "
              "are left out (no alerts are sent)\n");
    EXPECT_FALSE(parsed(result).contains("notify-smtp"));
}

TEST(Translation, FirewallMarkServicesAskForTheKernelForwarder) {
    const auto result = test::import_text(R"(
virtual_server fwmark 1 {
    lb_algo rr
    real_server 192.168.201.100 {
        weight 1
    }
    real_server 2001:db8::5 0 {
    }
    real_server 192.168.201.102 8080 {
    }
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["forwarder"].value_or(""), std::string("kernel"));
    EXPECT_NE(result.toml.find("forwarder = \"kernel\"  # firewall marks need kernel IPVS"),
              std::string::npos);
    const auto vs = t["ipvs"]["virtual_server"]["fwmark 1"];
    EXPECT_EQ(vs["fwmark"].value_or(0), 1);
    // Without a port (or with 0), the address alone: the packet's own port.
    EXPECT_EQ(vs["real_server"]["192.168.201.100"]["address"].value_or(""),
              std::string("192.168.201.100"));
    EXPECT_EQ(vs["real_server"]["[2001:db8::5]"]["address"].value_or(""),
              std::string("[2001:db8::5]"));
    EXPECT_EQ(vs["real_server"]["192.168.201.102:8080"]["address"].value_or(""),
              std::string("192.168.201.102:8080"));
}

// Keepalived's real servers without a port exist in the kernel's IPVS only, in any service.
TEST(Translation, ARealOrSorryServerWithoutAPortAsksForTheKernelForwarder) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 80 {
    sorry_server 10.0.2.1
    real_server 10.0.1.1 {
    }
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_NE(
        result.toml.find("forwarder = \"kernel\"  # real servers without a port need kernel IPVS"),
        std::string::npos);
    const auto vs = t["ipvs"]["virtual_server"]["10.0.0.1:80"];
    EXPECT_EQ(vs["sorry_server"].value_or(""), std::string("10.0.2.1"));
    EXPECT_EQ(vs["real_server"]["10.0.1.1"]["address"].value_or(""), std::string("10.0.1.1"));
}

TEST(Translation, RoutesAreTranslatedWholeOrLeftOut) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    virtual_routes {
        192.168.110.0/24 via 192.168.200.254 dev eth1
        to 192.168.111.0/24 gw 192.168.100.1 metric 5
        src 192.168.100.1 192.168.109.0/24 via 192.168.200.254
        blackhole 192.168.113.1/32
        0.0.0.0/0 gw 192.168.0.1 table 100
        192.168.114.0/24 via 192.168.200.254 ssthresh lock 107
        local 192.168.115.0/24 dev eth1
        192.168.116.0/24 table 6909 nexthop via 192.168.101.1 dev wlan0
    }
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:9: virtual_routes ssthresh: 'lock' is not a number; the route is left "
              "out\n"
              "test.conf:10: virtual_routes local: not supported by routerd yet: a local route "
              "(routerd installs unicast, blackhole, unreachable, prohibit and throw routes); "
              "the route is left out\n"
              "test.conf:11: virtual_routes nexthop: not supported by routerd yet: a route "
              "option (routerd has to, via, dev, src, metric, table, protocol, scope, tos, "
              "onlink, no_track, track_group, the types blackhole, unreachable, prohibit, "
              "throw, and mtu, hoplimit, advmss, initcwnd, initrwnd, window, cwnd, ssthresh, "
              "reordering, rto_min, features ecn, quickack, fastopen_no_cookie); the route is left "
              "out\n");
    const toml::table t = parsed(result);
    const toml::array* routes = t["vrrp"]["instance"]["VI_1"]["virtual_routes"].as_array();
    ASSERT_NE(routes, nullptr);
    ASSERT_EQ(routes->size(), 5u);
    EXPECT_EQ((*routes)[0].at_path("to").value_or(""), std::string("192.168.110.0/24"));
    EXPECT_EQ((*routes)[0].at_path("via").value_or(""), std::string("192.168.200.254"));
    EXPECT_EQ((*routes)[0].at_path("dev").value_or(""), std::string("eth1"));
    EXPECT_EQ((*routes)[1].at_path("to").value_or(""), std::string("192.168.111.0/24"));
    EXPECT_EQ((*routes)[1].at_path("metric").value_or(0), 5);
    EXPECT_EQ((*routes)[2].at_path("src").value_or(""), std::string("192.168.100.1"));
    EXPECT_EQ((*routes)[2].at_path("to").value_or(""), std::string("192.168.109.0/24"));
    EXPECT_EQ((*routes)[3].at_path("type").value_or(""), std::string("blackhole"));
    EXPECT_EQ((*routes)[3].at_path("to").value_or(""), std::string("192.168.113.1/32"));
    EXPECT_EQ((*routes)[4].at_path("to").value_or(""), std::string("0.0.0.0/0"));
    EXPECT_EQ((*routes)[4].at_path("table").value_or(0), 100);
}

// keepalived.conf(5)'s static_routes sample, option by option (its vrf, rtt, rttvar, lock and
// realms are what routerd lacks).
TEST(Translation, RouteOptionsAreThoseOfIpRoute) {
    const auto result = test::import_text(R"(
static_routes {
    192.168.200.0/24 dev p33p1.2 table 6909 tos 0x04 protocol bird scope link priority 12 mtu 1000 hoplimit 100 advmss 101 reordering 104 window 105 cwnd 106 ssthresh 107 rto_min 108 initcwnd 109 initrwnd 110 features ecn no_track
    2001:470:69e9:1:2::4 dev p33p1.2 table 6909 protocol 12 preference 7 onlink quickack 1 fastopen_no_cookie 0 rto_min 1s no_track
    10.7.0.0/16 via 10.0.0.1 dev eth0 protocol bird
    unreachable 10.8.0.0/16 protocol 200
    prohibit 2001:db8:63::/48 table 100
    throw 10.9.0.0/16 dsfield 8
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:5: static_routes protocol: Keepalived resets it to keepalived (18) on a "
              "tracked route, and so does the import (add no_track to keep it)\n");
    const toml::table t = parsed(result);
    const toml::array* routes = t["vrrp"]["static_routes"].as_array();
    ASSERT_NE(routes, nullptr);
    ASSERT_EQ(routes->size(), 6u);
    const auto r = [&](size_t i, const char* key) { return (*routes)[i].at_path(key); };
    EXPECT_EQ(r(0, "table").value_or(0), 6909);
    EXPECT_EQ(r(0, "tos").value_or(0), 4);
    EXPECT_EQ(r(0, "protocol").value_or(""), std::string("bird"));
    EXPECT_EQ(r(0, "scope").value_or(""), std::string("link"));
    EXPECT_EQ(r(0, "metric").value_or(0), 12);
    for (const auto& [key, value] : std::vector<std::pair<const char*, int>>{{"mtu", 1000},
                                                                             {"hoplimit", 100},
                                                                             {"advmss", 101},
                                                                             {"reordering", 104},
                                                                             {"window", 105},
                                                                             {"cwnd", 106},
                                                                             {"ssthresh", 107},
                                                                             {"initcwnd", 109},
                                                                             {"initrwnd", 110}}) {
        EXPECT_EQ(r(0, key).value_or(0), value) << key;
    }
    EXPECT_EQ(r(0, "rto_min").value_or(""), std::string("108ms"));
    EXPECT_TRUE(r(0, "ecn").value_or(false));
    EXPECT_EQ(r(1, "protocol").value_or(0), 12);  // no_track: Keepalived keeps it
    EXPECT_EQ(r(1, "metric").value_or(0), 7);
    EXPECT_TRUE(r(1, "onlink").value_or(false));
    EXPECT_TRUE(r(1, "quickack").value_or(false));
    EXPECT_FALSE(r(1, "fastopen_no_cookie").value_or(true));
    EXPECT_EQ(r(1, "rto_min").value_or(""), std::string("1s"));
    EXPECT_FALSE(r(2, "protocol"));
    EXPECT_EQ(r(3, "type").value_or(""), std::string("unreachable"));
    EXPECT_EQ(r(3, "protocol").value_or(0), 200);  // untracked: no interface
    EXPECT_EQ(r(4, "type").value_or(""), std::string("prohibit"));
    EXPECT_EQ(r(5, "type").value_or(""), std::string("throw"));
    EXPECT_EQ(r(5, "tos").value_or(0), 8);
}

// keepalived.conf(5) virtual_ipaddress: each `ip address` option.
TEST(Translation, AddressOptionsAreThoseOfIpAddress) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    virtual_ipaddress {
        192.168.60.1/24 brd + scope link label eth0:st dev eth0
        192.168.60.2/24 broadcast 192.168.60.255 scope 200 noprefixroute autojoin
        192.168.61.1/24 peer 192.168.61.2/30
        192.168.62.1 -nodad
    }
    virtual_ipaddress_excluded {
        2001:db8:60::1/64 -nodad home mngtmpaddr preferred_lft 100
        2001:db8:61::1 preferred_lft forever scope link
    }
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:6: 192.168.61.1/24: a prefix length with peer: Keepalived ignores it, "
              "and so does the import (give it on the peer)\n"
              "test.conf:11: virtual_ipaddress_excluded scope: an IPv6 address has no scope; "
              "left out\n");
    const toml::table t = parsed(result);
    const auto vip = t["vrrp"]["instance"]["VI_1"]["virtual_ipaddress"];
    EXPECT_EQ(vip[0]["brd"].value_or(""), std::string("+"));
    EXPECT_EQ(vip[0]["scope"].value_or(""), std::string("link"));
    EXPECT_EQ(vip[0]["label"].value_or(""), std::string("eth0:st"));
    EXPECT_EQ(vip[0]["dev"].value_or(""), std::string("eth0"));
    EXPECT_EQ(vip[1]["brd"].value_or(""), std::string("192.168.60.255"));
    EXPECT_EQ(vip[1]["scope"].value_or(0), 200);
    EXPECT_TRUE(vip[1]["noprefixroute"].value_or(false));
    EXPECT_TRUE(vip[1]["autojoin"].value_or(false));
    EXPECT_EQ(vip[2]["address"].value_or(""), std::string("192.168.61.1"));
    EXPECT_EQ(vip[2]["peer"].value_or(""), std::string("192.168.61.2/30"));
    EXPECT_EQ(vip[3].value_or(""), std::string("192.168.62.1"));  // IPv4 has no DAD
    const auto excluded = t["vrrp"]["instance"]["VI_1"]["virtual_ipaddress_excluded"];
    EXPECT_FALSE(excluded[0]["nodad"].value_or(true));
    EXPECT_TRUE(excluded[0]["home"].value_or(false));
    EXPECT_TRUE(excluded[0]["mngtmpaddr"].value_or(false));
    EXPECT_EQ(excluded[0]["preferred_lft"].value_or(""), std::string("100s"));
    EXPECT_EQ(excluded[1]["preferred_lft"].value_or(""), std::string("forever"));
    EXPECT_FALSE(excluded[1]["scope"]);
}

// keepalived.conf(5) static_rules and virtual_rules: each `ip rule` option; what routerd cannot
// install as written is left out whole.
TEST(Translation, RulesKeepEveryOption) {
    const auto result = test::import_text(R"(
static_rules {
    from 192.168.28.0/24 to 192.168.29.0/26 table 100 iif p33p1 oif wlan0 tos 22 fwmark 24/12 preference 39 realms 30/20
    to 1:2:3:4:5:6:7:0/112 from 7:6:5:4:3:2::/96 table 6908 uidrange 10000-19999
    from all fwmark 0x2a ipproto UDP sport 10-20 dport 53 dsfield 4 priority 5 table main
    from 10.3.0.0/16 goto 1005 pref 1004
    from 10.4.0.0/16 suppress_prefixlength 0 suppress_ifgroup 5 l3mdev inet6
    from 10.5.0.0/16 table small
    from 10.6.0.0/16 table 7 protocol 12
    to 192.168.100./24 table 1
}
vrrp_instance VI_1 {
    virtual_rules {
        from 172.16.0.100 table 300 priority 2000
        to 10.60.0.0/16 table 300 priority 2001 no_track
    }
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:8: static_rules table: 'small' is not a table number or main, local, "
              "default; the rule is left out\n"
              "test.conf:9: static_rules protocol: not supported by routerd yet: a rule option "
              "(routerd has from, to, table, priority, fwmark, realms, tos, iif, oif, sport, "
              "dport, ipproto, uidrange, l3mdev, suppress_prefixlength, suppress_ifgroup, goto, "
              "no_track, track_group, inet6); the rule is left out\n"
              "test.conf:10: static_rules to: '192.168.100./24' is not an address[/length] or "
              "all; the rule is left out\n");
    const toml::table t = parsed(result);
    const toml::array* rules = t["vrrp"]["static_rules"].as_array();
    ASSERT_NE(rules, nullptr);
    ASSERT_EQ(rules->size(), 5u);
    const auto r = [&](size_t i, const char* key) { return (*rules)[i].at_path(key); };
    EXPECT_EQ(r(0, "from").value_or(""), std::string("192.168.28.0/24"));
    EXPECT_EQ(r(0, "to").value_or(""), std::string("192.168.29.0/26"));
    EXPECT_EQ(r(0, "table").value_or(0), 100);
    EXPECT_EQ(r(0, "iif").value_or(""), std::string("p33p1"));
    EXPECT_EQ(r(0, "oif").value_or(""), std::string("wlan0"));
    EXPECT_EQ(r(0, "tos").value_or(0), 22);
    EXPECT_EQ(r(0, "fwmark").value_or(0), 24);
    EXPECT_EQ(r(0, "fwmask").value_or(0), 12);
    EXPECT_EQ(r(0, "priority").value_or(0), 39);
    EXPECT_EQ(r(0, "realms").value_or(""), std::string("30/20"));
    EXPECT_EQ(r(1, "uidrange").value_or(""), std::string("10000-19999"));
    EXPECT_EQ(r(1, "table").value_or(0), 6908);
    EXPECT_FALSE(r(2, "from"));
    EXPECT_EQ(r(2, "fwmark").value_or(0), 42);
    EXPECT_EQ(r(2, "ipproto").value_or(""), std::string("udp"));
    EXPECT_EQ(r(2, "sport").value_or(""), std::string("10-20"));
    EXPECT_EQ(r(2, "dport").value_or(0), 53);
    EXPECT_EQ(r(2, "tos").value_or(0), 4);
    EXPECT_EQ(r(2, "table").value_or(""), std::string("main"));
    EXPECT_EQ(r(3, "goto").value_or(0), 1005);
    EXPECT_EQ(r(3, "priority").value_or(0), 1004);
    EXPECT_EQ(r(4, "suppress_prefixlength").value_or(-1), 0);
    EXPECT_EQ(r(4, "suppress_ifgroup").value_or(0), 5);
    EXPECT_TRUE(r(4, "l3mdev").value_or(false));
    EXPECT_EQ(r(4, "family").value_or(""), std::string("ipv6"));
    const toml::array* virtual_rules = t["vrrp"]["instance"]["VI_1"]["virtual_rules"].as_array();
    ASSERT_NE(virtual_rules, nullptr);
    ASSERT_EQ(virtual_rules->size(), 2u);
    EXPECT_EQ((*virtual_rules)[0].at_path("from").value_or(""), std::string("172.16.0.100"));
    EXPECT_EQ((*virtual_rules)[0].at_path("table").value_or(0), 300);
    EXPECT_TRUE((*virtual_rules)[1].at_path("no_track").value_or(false));
}

TEST(Translation, StaticAddressesAndRoutesGoToVrrp) {
    const auto result = test::import_text(R"(
static_ipaddress {
    192.168.1.1/24 dev eth0 label eth0:s
    192.168.1.2/24
}
static_routes {
    192.168.2.0/24 via 192.168.1.100 dev eth0 table 6909
    192.168.3.0/24 via 192.168.1.100
    blackhole 192.168.4.0/24
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    const auto address = t["vrrp"]["static_ipaddress"][0];
    EXPECT_EQ(address["address"].value_or(""), std::string("192.168.1.1/24"));
    EXPECT_EQ(address["dev"].value_or(""), std::string("eth0"));
    EXPECT_EQ(address["label"].value_or(""), std::string("eth0:s"));
    const auto route = t["vrrp"]["static_routes"][0];
    EXPECT_EQ(route["to"].value_or(""), std::string("192.168.2.0/24"));
    EXPECT_EQ(route["via"].value_or(""), std::string("192.168.1.100"));
    EXPECT_EQ(route["dev"].value_or(""), std::string("eth0"));
    EXPECT_EQ(route["table"].value_or(0), 6909);
    // Without dev: on [vrrp] default_interface (eth0 unless set), as in Keepalived.
    EXPECT_EQ(t["vrrp"]["static_ipaddress"][1].value_or(""), std::string("192.168.1.2/24"));
    EXPECT_EQ(t["vrrp"]["static_routes"][1]["to"].value_or(""), std::string("192.168.3.0/24"));
    EXPECT_FALSE(t["vrrp"]["static_routes"][1]["dev"]);
    // A blackhole route goes through no interface: it gets no dev either.
    EXPECT_EQ(t["vrrp"]["static_routes"][2]["type"].value_or(""), std::string("blackhole"));
    EXPECT_FALSE(t["vrrp"]["static_routes"][2]["dev"]);
}

TEST(Translation, ASyncGroupWithoutInstancesIsLeftOut) {
    const auto result = test::import_text(R"(
vrrp_sync_group VG1 {
  VI_2
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:3: VI_2: not a keyword of vrrp_sync_group in keepalived.conf(5)\n"
              "test.conf:2: vrrp_sync_group: has no group { } of instances (Keepalived removes "
              "such a sync group); left out\n");
    EXPECT_FALSE(parsed(result).contains("vrrp"));
}

TEST(Translation, CommentsAreCarriedBesideWhatTheyDescribed) {
    const auto result = test::import_text(
        "# the pair's shared address\n"
        "vrrp_instance VI_1 {\n"
        "  priority 100 # lower than A\n"
        "  ! every second\n"
        "  advert_int 1\n"
        "}\n");
    EXPECT_NE(result.toml.find("# the pair's shared address\n[vrrp.instance.VI_1]\n"),
              std::string::npos)
        << result.toml;
    EXPECT_NE(result.toml.find("priority = 100  # lower than A\n"), std::string::npos);
    EXPECT_NE(result.toml.find("# every second\nadvert_int = \"1s\"\n"), std::string::npos);
}

TEST(Translation, FileCheckReadsTheFileOfTheTrackFileItNames) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 80 {
  real_server 10.0.1.1 80 {
    FILE_CHECK {
      track_file weights
      weight 5
    }
  }
}
track_file weights {
  file /run/weights/rs1
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = parsed(result);
    EXPECT_EQ(t["ipvs"]["virtual_server"]["10.0.0.1:80"]["real_server"]["10.0.1.1:80"]["check"]
               ["track_file"]
                   .value_or(""),
              std::string("/run/weights/rs1"));
    EXPECT_EQ(t["vrrp"]["track_file"]["weights"]["file"].value_or(""),
              std::string("/run/weights/rs1"));
}

TEST(Translation, EveryFindingIsListedAtTheTopOfTheOutput) {
    const auto result = test::import_text("global_defs {\n  enable_dbus\n}\n");
    EXPECT_NE(result.toml.find("#   test.conf:2: enable_dbus: not applicable to routerd"),
              std::string::npos)
        << result.toml;
}

}  // namespace
}  // namespace routerd::import
