// The mapping of every keepalived.conf(5) keyword (Keepalived 2.2.7) to routerd's TOML, or to
// the reason it has none. The importer follows it row by row; `routerd import-keepalived
// --keywords` prints it as the documentation (docs/keepalived-keywords.md).
#include "keyword_rules.hpp"

#include <algorithm>
#include <map>

#include "custom_rules.hpp"

namespace routerd::import {
namespace {

using V = ValueKind;

KeywordRule T(std::string_view context, std::string_view keyword, std::string_view target,
              std::string_view key, ValueKind kind) {
    return {context, keyword, Verdict::translated, target, key, kind, nullptr, ""};
}
KeywordRule C(std::string_view context, std::string_view keyword, std::string_view target,
              void (*custom)(const Statement&, Scope&)) {
    return {context, keyword, Verdict::translated, target, "", V::custom, custom, ""};
}
KeywordRule NA(std::string_view context, std::string_view keyword, std::string_view reason) {
    return {context, keyword, Verdict::not_applicable, "", "", V::custom, nullptr, reason};
}
KeywordRule OB(std::string_view context, std::string_view keyword, std::string_view reason) {
    return {context, keyword, Verdict::obsolete, "", "", V::custom, nullptr, reason};
}

// Reasons shared by several rows.
constexpr std::string_view kOneProcess =
    "routerd is one process with a thread per job; set its name, priority and CPUs through "
    "systemd (the unit's Nice=, CPUAffinity=, CPUSchedulingPolicy=)";
constexpr std::string_view kNoSnmp =
    "routerd has no SNMP agent: `routerctl --json status`, `routerctl vrrp` and "
    "`routerctl checks` give the same state";
constexpr std::string_view kNoDbus = "routerd has no D-Bus interface: use routerctl";
constexpr std::string_view kNetlinkBuffers = "routerd sizes its own netlink buffers";
constexpr std::string_view kFirewall =
    "routerd's only firewall rules are no_accept's, in its nftables table ([vrrp] nftables): it "
    "sets no firewall marks and filters no IGMP; add such rules to your firewall's "
    "configuration";
constexpr std::string_view kIptables =
    "routerd enforces no_accept with nftables, in a table of its own ([vrrp] nftables), as "
    "Keepalived does when nftables is available; it uses no iptables chains or ipsets";
constexpr std::string_view kNoBfd =
    "routerd has no BFD of its own: run FRR's bfdd for link liveness";
constexpr std::string_view kReload =
    "routerd reloads on SIGHUP or `routerctl reload`, always checking the new file first";

// The table is laid out by hand, a row a line where it fits, so that a row reads as one entry
// and a diff touches only the rows it changes; clang-format would refill it.
// clang-format off
std::vector<KeywordRule> make_rules() {
    std::vector<KeywordRule> r = {
        // ---- the top level
        C("", "global_defs", "[global], [notify-smtp], [vrrp]", translate_global_defs),
        C("", "vrrp_instance", "[vrrp.instance.NAME]", translate_vrrp_instance),
        C("", "vrrp_sync_group", "[vrrp.sync_group.NAME]", translate_vrrp_sync_group),
        C("", "vrrp_script", "[vrrp.script.NAME]", translate_vrrp_script),
        C("", "vrrp_track_process", "[vrrp.track_process.NAME]", translate_vrrp_track_process),
        C("", "vrrp_track_file", "[vrrp.track_file.NAME]", translate_vrrp_track_file),
        C("", "track_file", "[vrrp.track_file.NAME]", translate_vrrp_track_file),
        C("", "virtual_server_group", "[ipvs.virtual_server_group.NAME]",
          translate_virtual_server_group),
        C("", "virtual_server", "[ipvs.virtual_server.\"IP:PORT\"]", translate_virtual_server),
        C("", "SSL", "the TLS keys of every ssl check", translate_ssl_block),
        C("", "static_ipaddress", "[vrrp] static_ipaddress", translate_static_block),
        C("", "static_routes", "[vrrp] static_routes", translate_static_block),
        C("", "static_rules", "[vrrp] static_rules", translate_static_block),
        C("", "track_group", "[vrrp.track_group.NAME]", translate_track_group),
        C("", "garp_group", "[[vrrp.garp_group]]", translate_garp_group),
        NA("", "linkbeat_interfaces", "routerd follows interface state through netlink"),
        NA("", "bfd_instance", kNoBfd),
        NA("", "interface_up_down_delays", "routerd acts on interface changes at once; use "
                                           "track_interface weights to soften a flapping link"),

        // ---- global_defs
        T("global_defs", "router_id", "[global] router_id", "global.router_id", V::string),
        C("global_defs", "notification_email", "[notify-smtp] notification_email",
          translate_notification_email),
        T("global_defs", "notification_email_from", "[notify-smtp] notification_email_from",
          "notify-smtp.notification_email_from", V::string),
        C("global_defs", "smtp_server", "[notify-smtp] smtp_server", translate_smtp_server),
        T("global_defs", "smtp_helo_name", "[notify-smtp] smtp_helo_name",
          "notify-smtp.smtp_helo_name", V::string),
        T("global_defs", "smtp_connect_timeout", "[notify-smtp] smtp_connect_timeout",
          "notify-smtp.smtp_connect_timeout", V::integer),
        T("global_defs", "smtp_alert", "[notify-smtp] smtp_alert", "notify-smtp.smtp_alert",
          V::flag),
        T("global_defs", "smtp_alert_vrrp", "[notify-smtp] smtp_alert_vrrp",
          "notify-smtp.smtp_alert_vrrp", V::flag),
        T("global_defs", "smtp_alert_checker", "[notify-smtp] smtp_alert_checker",
          "notify-smtp.smtp_alert_checker", V::flag),
        T("global_defs", "no_email_faults", "[notify-smtp] no_email_faults",
          "notify-smtp.no_email_faults", V::flag),
        T("global_defs", "vrrp_version", "[vrrp] version", "vrrp.version", V::integer),
        T("global_defs", "net_namespace", "[global] net_namespace", "global.net_namespace",
          V::string),
        T("global_defs", "vrrp_check_unicast_src", "[vrrp] check_unicast_src",
          "vrrp.check_unicast_src", V::flag),
        T("global_defs", "vrrp_skip_check_adv_addr", "[vrrp] skip_check_adv_addr",
          "vrrp.skip_check_adv_addr", V::flag),
        T("global_defs", "vrrp_garp_master_delay", "[vrrp] garp_master_delay",
          "vrrp.garp_master_delay", V::duration),
        T("global_defs", "vrrp_garp_master_repeat", "[vrrp] garp_master_repeat",
          "vrrp.garp_master_repeat", V::integer),
        T("global_defs", "vrrp_garp_master_refresh", "[vrrp] garp_master_refresh",
          "vrrp.garp_master_refresh", V::duration),
        T("global_defs", "vrrp_garp_master_refresh_repeat", "[vrrp] garp_master_refresh_repeat",
          "vrrp.garp_master_refresh_repeat", V::integer),
        T("global_defs", "vrrp_garp_lower_prio_delay", "[vrrp] garp_lower_prio_delay",
          "vrrp.garp_lower_prio_delay", V::duration),
        T("global_defs", "vrrp_garp_lower_prio_repeat", "[vrrp] garp_lower_prio_repeat",
          "vrrp.garp_lower_prio_repeat", V::integer),
        T("global_defs", "vrrp_garp_interval", "[vrrp] garp_interval", "vrrp.garp_interval",
          V::duration),
        T("global_defs", "vrrp_gna_interval", "[vrrp] gna_interval", "vrrp.gna_interval",
          V::duration),
        T("global_defs", "vrrp_min_garp", "[vrrp] min_garp", "vrrp.min_garp", V::flag),
        C("global_defs", "vrrp_garp_extra_if", "[vrrp] garp_extra_if, garp_extra_if_all",
          translate_garp_extra_if),
        C("global_defs", "vrrp_vmac_garp_intvl",
          "[vrrp] garp_extra_if, garp_extra_if_all (Keepalived's old spelling)",
          translate_garp_extra_if),
        T("global_defs", "default_interface", "[vrrp] default_interface",
          "vrrp.default_interface", V::string),
        C("global_defs", "dynamic_interfaces", "[vrrp] dynamic_interfaces",
          translate_dynamic_interfaces),
        C("global_defs", "nftables", "[vrrp] nftables (the table's name)", translate_nftables),
        T("global_defs", "nftables_priority", "[vrrp] nftables_priority", "vrrp.nftables_priority",
          V::integer),
        T("global_defs", "nftables_counters", "[vrrp] nftables_counters", "vrrp.nftables_counters",
          V::flag),
        T("global_defs", "vrrp_lower_prio_no_advert", "[vrrp] lower_prio_no_advert",
          "vrrp.lower_prio_no_advert", V::flag),
        T("global_defs", "vrrp_higher_prio_send_advert", "[vrrp] higher_prio_send_advert",
          "vrrp.higher_prio_send_advert", V::flag),
        T("global_defs", "vrrp_startup_delay", "[vrrp] startup_delay", "vrrp.startup_delay",
          V::duration),
        T("global_defs", "vrrp_mcast_group4", "[vrrp] mcast_group4", "vrrp.mcast_group4",
          V::string),
        T("global_defs", "vrrp_mcast_group6", "[vrrp] mcast_group6", "vrrp.mcast_group6",
          V::string),
        // The VRRP process's scheduling in Keepalived is the VRRP thread's in routerd.
        T("global_defs", "vrrp_priority", "[vrrp] nice", "vrrp.nice", V::integer),
        T("global_defs", "vrrp_rt_priority", "[vrrp] rt_priority", "vrrp.rt_priority",
          V::integer),
        C("global_defs", "vrrp_rlimit_rttime", "[vrrp] rlimit_rttime", translate_rlimit_rttime),
        T("global_defs", "vrrp_no_swap", "[vrrp] no_swap (locks all of routerd's memory)",
          "vrrp.no_swap", V::flag),
        C("global_defs", "max_auto_priority",
          "[vrrp] max_auto_priority (rises of the VRRP thread; -1 is 0)",
          translate_max_auto_priority),
        C("global_defs", "min_auto_priority_delay", "[vrrp] min_auto_priority_delay",
          translate_min_auto_priority_delay),
        C("global_defs", "script_user", "[global] script_user", translate_global_script_user),
        T("global_defs", "enable_script_security", "[global] enable_script_security",
          "global.enable_script_security", V::flag),
        T("global_defs", "notify_fifo", "[global] notify_fifo", "global.notify_fifo", V::string),
        T("global_defs", "notify_fifo_script", "[global] notify_fifo_script",
          "global.notify_fifo_script", V::script),
        T("global_defs", "vrrp_notify_fifo", "[vrrp] notify_fifo", "vrrp.notify_fifo", V::string),
        T("global_defs", "vrrp_notify_fifo_script", "[vrrp] notify_fifo_script",
          "vrrp.notify_fifo_script", V::script),
        T("global_defs", "vrrp_notify_priority_changes", "[vrrp] notify_priority_changes",
          "vrrp.notify_priority_changes", V::flag),
        T("global_defs", "vrrp_strict", "[vrrp] strict_mode", "vrrp.strict_mode", V::flag),
        T("global_defs", "log_unknown_vrids", "[vrrp] log_unknown_vrids", "vrrp.log_unknown_vrids",
          V::flag),
        T("global_defs", "vrrp_down_timer_adverts", "[vrrp] down_timer_adverts",
          "vrrp.down_timer_adverts", V::integer),
        T("global_defs", "fifo_write_vrrp_states_on_reload", "[vrrp] fifo_write_states_on_reload",
          "vrrp.fifo_write_states_on_reload", V::flag),
        C("global_defs", "lvs_timeouts", "[ipvs] timeouts", translate_lvs_timeouts),
        T("global_defs", "lvs_flush", "[ipvs] flush", "ipvs.flush", V::flag),
        C("global_defs", "lvs_flush_on_stop", "[ipvs] flush_on_stop",
          translate_lvs_flush_on_stop),
        C("global_defs", "lvs_sync_daemon", "[ipvs.sync_daemon]", translate_lvs_sync_daemon),
        C("global_defs", "net_namespace_ipvs", "[ipvs] net_namespace",
          translate_net_namespace_ipvs),
        T("global_defs", "vmac_prefix", "[vrrp] vmac_prefix", "vrrp.vmac_prefix", V::string),
        T("global_defs", "vmac_addr_prefix", "[vrrp] vmac_addr_prefix", "vrrp.vmac_addr_prefix",
          V::string),
        T("global_defs", "lvs_notify_fifo", "[ipvs] notify_fifo", "ipvs.notify_fifo", V::string),
        T("global_defs", "lvs_notify_fifo_script", "[ipvs] notify_fifo_script",
          "ipvs.notify_fifo_script", V::script),
        C("global_defs", "checker_log_all_failures", "each check's log_all_failures",
          translate_checker_log_all_failures),
        C("global_defs", "umask", "[global] umask", translate_umask),
        C("global_defs", "startup_script", "[global] startup_script (and startup_script_user)",
          translate_lifecycle_script),
        T("global_defs", "startup_script_timeout", "[global] startup_script_timeout",
          "global.startup_script_timeout", V::duration),
        C("global_defs", "shutdown_script", "[global] shutdown_script (and shutdown_script_user)",
          translate_lifecycle_script),
        T("global_defs", "shutdown_script_timeout", "[global] shutdown_script_timeout",
          "global.shutdown_script_timeout", V::duration),
        T("global_defs", "rs_init_notifies", "[ipvs] rs_init_notifies", "ipvs.rs_init_notifies",
          V::flag),
    };
    for (std::string_view keyword :
         {"process_names", "process_name", "vrrp_process_name", "checker_process_name",
          "bfd_process_name", "checker_priority", "bfd_priority", "checker_no_swap", "bfd_no_swap",
          "vrrp_cpu_affinity", "checker_cpu_affinity", "bfd_cpu_affinity", "checker_rt_priority",
          "bfd_rt_priority", "checker_rlimit_rttime", "bfd_rlimit_rttime", "child_wait_time"}) {
        r.push_back(NA("global_defs", keyword, kOneProcess));
    }
    for (std::string_view keyword : {"snmp_socket", "enable_snmp_vrrp", "enable_snmp_checker",
                                     "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
                                     "enable_traps", "enable_snmp_keepalived"}) {
        r.push_back(NA("global_defs", keyword, kNoSnmp));
    }
    for (std::string_view keyword : {"enable_dbus", "dbus_service_name"}) {
        r.push_back(NA("global_defs", keyword, kNoDbus));
    }
    for (std::string_view keyword :
         {"vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
          "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
          "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
          "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
          "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy",
          "vrrp_rx_bufs_multiplier"}) {
        r.push_back(NA("global_defs", keyword, kNetlinkBuffers));
    }
    for (std::string_view keyword : {"nftables_ipvs", "nftables_ipvs_priority",
                                     "nftables_ipvs_start_fwmark", "disable_local_igmp"}) {
        r.push_back(NA("global_defs", keyword, kFirewall));
    }
    for (std::string_view keyword : {"vrrp_iptables", "vrrp_ipsets", "namespace_with_ipsets"}) {
        r.push_back(NA("global_defs", keyword, kIptables));
    }
    r.push_back(NA("global_defs", "nftables_ifindex",
                   "routerd always keys a link-local address's interface by its index"));
    for (std::string_view keyword : {"reload_check_config", "reload_time_file", "reload_repeat",
                                     "reload_file", "config_save_dir", "tmp_config_directory"}) {
        r.push_back(NA("global_defs", keyword, kReload));
    }
    r.insert(r.end(), {
        NA("global_defs", "instance", "routerd keeps no pid file per instance; systemd tracks it"),
        NA("global_defs", "use_pid_dir", "routerd keeps no pid file; systemd tracks it"),
        NA("global_defs", "linkbeat_use_polling", "routerd follows interface state through netlink"),
        NA("global_defs", "random_seed", "routerd draws no random numbers that a seed would make repeatable"),
        NA("global_defs", "data_use_instance", "routerd writes no data files; `routerctl --json status` shows its state"),
        NA("global_defs", "no_checker_emails", "routerd always works this way: its alerts name a real server going into or out of the table (and a virtual server's quorum), never one check of it"),
        NA("global_defs", "include_check", "routerd's importer reads every include, and refuses one it cannot read"),
        OB("global_defs", "lvs_id", "Keepalived's old name of router_id: write router_id"),
        OB("global_defs", "lvs_sync_daemon_interface", "replaced by lvs_sync_daemon in Keepalived"),
        OB("global_defs", "vrrp_garp_master_refresh_repeat_interval", "not in keepalived.conf(5)"),

        // ---- vrrp_instance
        T("vrrp_instance", "state", "[vrrp.instance.NAME] state", "state", V::string),
        T("vrrp_instance", "interface", "[vrrp.instance.NAME] interface", "interface", V::string),
        T("vrrp_instance", "virtual_router_id", "[vrrp.instance.NAME] virtual_router_id", "virtual_router_id", V::integer),
        T("vrrp_instance", "priority", "[vrrp.instance.NAME] priority", "priority", V::integer),
        T("vrrp_instance", "advert_int", "[vrrp.instance.NAME] advert_int", "advert_int", V::duration),
        T("vrrp_instance", "version", "[vrrp.instance.NAME] version", "version", V::integer),
        T("vrrp_instance", "nopreempt", "[vrrp.instance.NAME] nopreempt", "nopreempt", V::flag),
        C("vrrp_instance", "preempt", "[vrrp.instance.NAME] nopreempt = false", translate_preempt),
        T("vrrp_instance", "preempt_delay", "[vrrp.instance.NAME] preempt_delay", "preempt_delay", V::duration),
        C("vrrp_instance", "authentication", "[vrrp.instance.NAME] authentication", translate_authentication),
        C("vrrp_instance", "virtual_ipaddress", "[vrrp.instance.NAME] virtual_ipaddress", translate_virtual_ipaddress),
        C("vrrp_instance", "virtual_ipaddress_excluded", "[vrrp.instance.NAME] virtual_ipaddress_excluded", translate_virtual_ipaddress),
        C("vrrp_instance", "virtual_routes", "[vrrp.instance.NAME] virtual_routes", translate_virtual_routes),
        C("vrrp_instance", "virtual_rules", "[vrrp.instance.NAME] virtual_rules", translate_virtual_rules),
        T("vrrp_instance", "unicast_src_ip", "[vrrp.instance.NAME] unicast_src_ip", "unicast_src_ip", V::string),
        C("vrrp_instance", "unicast_peer", "[vrrp.instance.NAME] unicast_peer", translate_unicast_peer),
        T("vrrp_instance", "unicast_ttl", "[vrrp.instance.NAME] unicast_ttl", "unicast_ttl", V::integer),
        T("vrrp_instance", "check_unicast_src", "[vrrp.instance.NAME] check_unicast_src", "check_unicast_src", V::flag),
        T("vrrp_instance", "skip_check_adv_addr", "[vrrp.instance.NAME] skip_check_adv_addr", "skip_check_adv_addr", V::flag),
        T("vrrp_instance", "garp_master_delay", "[vrrp.instance.NAME] garp_master_delay", "garp_master_delay", V::duration),
        T("vrrp_instance", "garp_master_repeat", "[vrrp.instance.NAME] garp_master_repeat", "garp_master_repeat", V::integer),
        T("vrrp_instance", "garp_master_refresh", "[vrrp.instance.NAME] garp_master_refresh", "garp_master_refresh", V::duration),
        T("vrrp_instance", "garp_master_refresh_repeat", "[vrrp.instance.NAME] garp_master_refresh_repeat", "garp_master_refresh_repeat", V::integer),
        T("vrrp_instance", "garp_lower_prio_delay", "[vrrp.instance.NAME] garp_lower_prio_delay", "garp_lower_prio_delay", V::duration),
        T("vrrp_instance", "garp_lower_prio_repeat", "[vrrp.instance.NAME] garp_lower_prio_repeat", "garp_lower_prio_repeat", V::integer),
        C("vrrp_instance", "garp_extra_if", "[vrrp.instance.NAME] garp_extra_if, garp_extra_if_all", translate_garp_extra_if),
        C("vrrp_instance", "vmac_garp_intvl", "[vrrp.instance.NAME] garp_extra_if, garp_extra_if_all (Keepalived's old spelling)", translate_garp_extra_if),
        T("vrrp_instance", "lower_prio_no_advert", "[vrrp.instance.NAME] lower_prio_no_advert", "lower_prio_no_advert", V::flag),
        T("vrrp_instance", "higher_prio_send_advert", "[vrrp.instance.NAME] higher_prio_send_advert", "higher_prio_send_advert", V::flag),
        T("vrrp_instance", "mcast_src_ip", "[vrrp.instance.NAME] mcast_src_ip", "mcast_src_ip", V::string),
        T("vrrp_instance", "mcast_dst_ip", "[vrrp.instance.NAME] mcast_dst_ip", "mcast_dst_ip", V::string),
        T("vrrp_instance", "promote_secondaries", "[vrrp.instance.NAME] promote_secondaries", "promote_secondaries", V::flag),
        T("vrrp_instance", "notify_master", "[vrrp.instance.NAME] notify_master", "notify_master", V::script),
        T("vrrp_instance", "notify_backup", "[vrrp.instance.NAME] notify_backup", "notify_backup", V::script),
        T("vrrp_instance", "notify_fault", "[vrrp.instance.NAME] notify_fault", "notify_fault", V::script),
        T("vrrp_instance", "notify_stop", "[vrrp.instance.NAME] notify_stop", "notify_stop", V::script),
        T("vrrp_instance", "notify", "[vrrp.instance.NAME] notify", "notify", V::script),
        C("vrrp_instance", "notify_deleted", "[vrrp.instance.NAME] notify_deleted", translate_notify_deleted),
        T("vrrp_instance", "notify_master_rx_lower_pri", "[vrrp.instance.NAME] notify_master_rx_lower_pri", "notify_master_rx_lower_pri", V::script),
        T("vrrp_instance", "notify_priority_changes", "[vrrp.instance.NAME] notify_priority_changes", "notify_priority_changes", V::flag),
        T("vrrp_instance", "smtp_alert", "[vrrp.instance.NAME] smtp_alert", "smtp_alert", V::flag),
        T("vrrp_instance", "accept", "[vrrp.instance.NAME] accept", "accept", V::flag),
        T("vrrp_instance", "dont_track_primary", "[vrrp.instance.NAME] dont_track_primary", "dont_track_primary", V::flag),
        T("vrrp_instance", "track_src_ip", "[vrrp.instance.NAME] track_src_ip", "track_src_ip", V::flag),
        T("vrrp_instance", "unicast_fault_no_peer", "[vrrp.instance.NAME] unicast_fault_no_peer", "unicast_fault_no_peer", V::flag),
        T("vrrp_instance", "down_timer_adverts", "[vrrp.instance.NAME] down_timer_adverts", "down_timer_adverts", V::integer),
        T("vrrp_instance", "strict_mode", "[vrrp.instance.NAME] strict_mode", "strict_mode", V::flag),
        T("vrrp_instance", "no_accept", "[vrrp.instance.NAME] no_accept", "no_accept", V::flag),
        C("vrrp_instance", "use_vmac", "[vrrp.instance.NAME] use_vmac", translate_use_vmac),
        C("vrrp_instance", "use_ipvlan", "[vrrp.instance.NAME] use_ipvlan", translate_use_ipvlan),
        T("vrrp_instance", "vrf", "[vrrp.instance.NAME] vrf (in place of interface)", "vrf", V::string),
        C("vrrp_instance", "old_unicast_checksum", "[vrrp.instance.NAME] old_unicast_checksum", translate_old_unicast_checksum),
        T("vrrp_instance", "vmac_xmit_base", "[vrrp.instance.NAME] vmac_xmit_base", "vmac_xmit_base", V::flag),
        T("vrrp_instance", "use_vmac_addr", "[vrrp.instance.NAME] use_vmac_addr", "use_vmac_addr", V::flag),
        C("vrrp_instance", "track_interface", "[vrrp.instance.NAME] track_interface", translate_track_list),
        C("vrrp_instance", "track_script", "[vrrp.instance.NAME] track_script", translate_track_list),
        C("vrrp_instance", "track_process", "[vrrp.instance.NAME] track_process", translate_track_list),
        C("vrrp_instance", "track_file", "[vrrp.instance.NAME] track_file", translate_track_list),
        NA("vrrp_instance", "debug", "routerd's log level is one setting: routerd --log-level debug"),
        NA("vrrp_instance", "track_bfd", kNoBfd),
        NA("vrrp_instance", "kernel_rx_buf_size", kNetlinkBuffers),
        NA("vrrp_instance", "linkbeat_use_polling", "routerd follows interface state through netlink"),
        C("vrrp_instance", "lvs_sync_daemon_interface", "[ipvs.sync_daemon] (Keepalived's old spelling of lvs_sync_daemon IFACE INSTANCE)", translate_instance_lvs_sync_daemon_interface),
        OB("vrrp_instance", "garp_lower_prio_repeat_interval", "not in keepalived.conf(5)"),
        OB("vrrp_instance", "native_ipv6", "deprecated in keepalived.conf(5): the virtual addresses decide the family, in routerd too"),
    });
    r.insert(r.end(), {
        // ---- authentication { }
        T("authentication", "auth_type", "[vrrp.instance.NAME] authentication.type", "type", V::string),
        T("authentication", "auth_pass", "[vrrp.instance.NAME] authentication.pass", "pass", V::string),

        // ---- track_group NAME { }
        T("track_group", "group", "[vrrp.track_group.NAME] group", "group", V::names),
        // ---- garp_group { }
        T("garp_group", "garp_interval", "[[vrrp.garp_group]] garp_interval", "garp_interval", V::duration),
        T("garp_group", "gna_interval", "[[vrrp.garp_group]] gna_interval", "gna_interval", V::duration),
        T("garp_group", "interface", "[[vrrp.garp_group]] interfaces", "interfaces", V::names),
        T("garp_group", "interfaces", "[[vrrp.garp_group]] interfaces", "interfaces", V::names),

        // ---- vrrp_sync_group
        T("vrrp_sync_group", "group", "[vrrp.sync_group.NAME] group", "group", V::names),
        T("vrrp_sync_group", "notify_master", "[vrrp.sync_group.NAME] notify_master", "notify_master", V::script),
        T("vrrp_sync_group", "notify_backup", "[vrrp.sync_group.NAME] notify_backup", "notify_backup", V::script),
        T("vrrp_sync_group", "notify_fault", "[vrrp.sync_group.NAME] notify_fault", "notify_fault", V::script),
        T("vrrp_sync_group", "notify_stop", "[vrrp.sync_group.NAME] notify_stop", "notify_stop", V::script),
        T("vrrp_sync_group", "notify", "[vrrp.sync_group.NAME] notify", "notify", V::script),
        T("vrrp_sync_group", "smtp_alert", "[vrrp.sync_group.NAME] smtp_alert", "smtp_alert", V::flag),
        C("vrrp_sync_group", "track_interface", "[vrrp.sync_group.NAME] track_interface", translate_track_list),
        C("vrrp_sync_group", "track_script", "[vrrp.sync_group.NAME] track_script", translate_track_list),
        C("vrrp_sync_group", "track_file", "[vrrp.sync_group.NAME] track_file", translate_track_list),
        C("vrrp_sync_group", "track_process", "[vrrp.sync_group.NAME] track_process", translate_track_list),
        NA("vrrp_sync_group", "notify_deleted", "Keepalived 2.2.7 reads notify_deleted in vrrp_instance only (DELETED is for instances): set it in the member instances"),
        T("vrrp_sync_group", "notify_priority_changes", "[vrrp.sync_group.NAME] notify_priority_changes (the members' default)", "notify_priority_changes", V::flag),
        C("vrrp_sync_group", "global_tracking", "[vrrp.sync_group.NAME] sync_group_tracking_weight", translate_global_tracking),
        T("vrrp_sync_group", "sync_group_tracking_weight", "[vrrp.sync_group.NAME] sync_group_tracking_weight", "sync_group_tracking_weight", V::flag),
        NA("vrrp_sync_group", "track_bfd", kNoBfd),

        // ---- vrrp_script
        T("vrrp_script", "script", "[vrrp.script.NAME] script", "script", V::script),
        T("vrrp_script", "interval", "[vrrp.script.NAME] interval", "interval", V::duration),
        T("vrrp_script", "timeout", "[vrrp.script.NAME] timeout", "timeout", V::duration),
        C("vrrp_script", "weight", "[vrrp.script.NAME] weight", translate_weight),
        T("vrrp_script", "rise", "[vrrp.script.NAME] rise", "rise", V::integer),
        T("vrrp_script", "fall", "[vrrp.script.NAME] fall", "fall", V::integer),
        C("vrrp_script", "user", "[vrrp.script.NAME] user", translate_script_user),
        T("vrrp_script", "init_fail", "[vrrp.script.NAME] init_fail", "init_fail", V::flag),

        // ---- vrrp_track_process
        C("vrrp_track_process", "process", "[vrrp.track_process.NAME] process (and params)", translate_process_name),
        T("vrrp_track_process", "full_command", "[vrrp.track_process.NAME] full_command", "full_command", V::flag),
        C("vrrp_track_process", "weight", "[vrrp.track_process.NAME] weight", translate_weight),
        T("vrrp_track_process", "quorum", "[vrrp.track_process.NAME] quorum", "quorum", V::integer),
        T("vrrp_track_process", "quorum_max", "[vrrp.track_process.NAME] quorum_max", "quorum_max", V::integer),
        T("vrrp_track_process", "delay", "[vrrp.track_process.NAME] delay", "delay", V::duration),
        C("vrrp_track_process", "param_match", "[vrrp.track_process.NAME] param_match", translate_param_match),
        T("vrrp_track_process", "fork_delay", "[vrrp.track_process.NAME] fork_delay", "fork_delay", V::duration),
        T("vrrp_track_process", "terminate_delay", "[vrrp.track_process.NAME] terminate_delay", "terminate_delay", V::duration),

        // ---- vrrp_track_file / track_file
        T("vrrp_track_file", "file", "[vrrp.track_file.NAME] file", "file", V::string),
        C("vrrp_track_file", "weight", "[vrrp.track_file.NAME] weight", translate_weight),
        C("vrrp_track_file", "init_file", "[vrrp.track_file.NAME] init_file (and init_file_overwrite)",
          translate_init_file),

        // ---- SSL { } (client TLS of SSL_GET)
        T("SSL", "certificate", "each ssl check's certificate", "certificate", V::string),
        T("SSL", "key", "each ssl check's key", "key", V::string),
        T("SSL", "password", "each ssl check's key_password", "key_password", V::string),
        // Keepalived 2.2.7 loads the file (SSL_CTX_load_verify_locations) but never asks
        // OpenSSL to verify the server, so a check behaves the same without it.
        NA("SSL", "ca", "Keepalived loads this CA file but never verifies the server with it, "
                        "and routerd's ssl check does not verify either unless asked: to "
                        "verify, give the check ca_file with tls_verify = true"),

        // ---- virtual_server
        T("virtual_server", "lvs_sched", "[ipvs.virtual_server.X] scheduler", "scheduler", V::string),
        T("virtual_server", "lb_algo", "[ipvs.virtual_server.X] scheduler", "scheduler", V::string),
        C("virtual_server", "lvs_method", "[ipvs.virtual_server.X] method, tun_type, tun_port", translate_lvs_method),
        C("virtual_server", "lb_kind", "[ipvs.virtual_server.X] method, tun_type, tun_port", translate_lvs_method),
        T("virtual_server", "protocol", "[ipvs.virtual_server.X] protocol", "protocol", V::string),
        T("virtual_server", "persistence_timeout", "[ipvs.virtual_server.X] persistence_timeout", "persistence_timeout", V::duration),
        T("virtual_server", "persistence_granularity", "[ipvs.virtual_server.X] persistence_granularity", "persistence_granularity", V::string),
        T("virtual_server", "quorum", "[ipvs.virtual_server.X] quorum", "quorum", V::integer),
        T("virtual_server", "hysteresis", "[ipvs.virtual_server.X] hysteresis", "hysteresis", V::integer),
        T("virtual_server", "quorum_up", "[ipvs.virtual_server.X] quorum_up", "quorum_up", V::script),
        T("virtual_server", "quorum_down", "[ipvs.virtual_server.X] quorum_down", "quorum_down", V::script),
        C("virtual_server", "alpha", "[ipvs.virtual_server.X] alpha (and each check's alpha)", translate_alpha),
        T("virtual_server", "omega", "[ipvs.virtual_server.X] omega", "omega", V::flag),
        T("virtual_server", "smtp_alert", "[ipvs.virtual_server.X] smtp_alert", "smtp_alert", V::flag),
        C("virtual_server", "sorry_server", "[ipvs.virtual_server.X] sorry_server", translate_sorry_server),
        T("virtual_server", "virtualhost", "each http/ssl check's virtualhost", "check.virtualhost", V::string),
        T("virtual_server", "delay_loop", "each check's delay_loop", "check.delay_loop", V::duration),
        T("virtual_server", "connect_timeout", "each check's connect_timeout", "check.connect_timeout", V::duration),
        T("virtual_server", "retry", "each check's retry", "check.retry", V::integer),
        T("virtual_server", "delay_before_retry", "each check's delay_before_retry", "check.delay_before_retry", V::duration),
        T("virtual_server", "warmup", "each check's warmup", "check.warmup", V::duration),
        C("virtual_server", "real_server", "[ipvs.virtual_server.X.real_server.\"IP[:PORT]\"] (no port: the packet's own, kernel IPVS)", translate_real_server),
        NA("virtual_server", "snmp_name", kNoSnmp),
        NA("virtual_server", "ha_suspend", "routerd's ha_suspend names the VRRP instance whose "
                                           "MASTER state enables the virtual server: set it by hand"),
        T("virtual_server", "persistence_engine", "[ipvs.virtual_server.X] persistence_engine", "persistence_engine", V::string),
        T("virtual_server", "sorry_server_inhibit", "[ipvs.virtual_server.X] sorry_server_inhibit", "sorry_server_inhibit", V::flag),
        C("virtual_server", "sorry_server_lvs_method", "[ipvs.virtual_server.X] sorry_server_method, sorry_server_tun_type, sorry_server_tun_port", translate_sorry_server_lvs_method),
        T("virtual_server", "ip_family", "[ipvs.virtual_server.X] ip_family", "ip_family", V::string),
    });
    for (std::string_view flag : {"ops", "hashed", "flag-1", "flag-2", "flag-3", "sh-port",
                                  "sh-fallback", "mh-port", "mh-fallback"}) {
        r.push_back(C("virtual_server", flag, "[ipvs.virtual_server.X] flags", translate_scheduler_flag));
    }
    r.insert(r.end(), {
        // ---- real_server
        T("real_server", "weight", "[...real_server.\"IP:PORT\"] weight", "weight", V::integer),
        T("real_server", "inhibit_on_failure", "[...real_server.\"IP:PORT\"] inhibit_on_failure", "inhibit_on_failure", V::flag),
        T("real_server", "notify_up", "[...real_server.\"IP:PORT\"] notify_up", "notify_up", V::script),
        T("real_server", "notify_down", "[...real_server.\"IP:PORT\"] notify_down", "notify_down", V::script),
        T("real_server", "uthreshold", "[...real_server.\"IP:PORT\"] uthreshold", "uthreshold", V::integer),
        T("real_server", "lthreshold", "[...real_server.\"IP:PORT\"] lthreshold", "lthreshold", V::integer),
        T("real_server", "virtualhost", "its http/ssl check's virtualhost", "check.virtualhost", V::string),
        T("real_server", "delay_loop", "its check's delay_loop", "check.delay_loop", V::duration),
        T("real_server", "connect_timeout", "its check's connect_timeout", "check.connect_timeout", V::duration),
        T("real_server", "retry", "its check's retry", "check.retry", V::integer),
        T("real_server", "delay_before_retry", "its check's delay_before_retry", "check.delay_before_retry", V::duration),
        T("real_server", "warmup", "its check's warmup", "check.warmup", V::duration),
        T("real_server", "smtp_alert", "its check's smtp_alert", "check.smtp_alert", V::flag),
        NA("real_server", "BFD_CHECK", kNoBfd),
    });
    for (std::string_view checker : {"TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK",
                                     "MISC_CHECK", "PING_CHECK", "UDP_CHECK", "FILE_CHECK"}) {
        r.push_back(C("real_server", checker, "[...real_server.\"IP:PORT\"] check", translate_checker));
    }
    r.insert(r.end(), {
        // ---- every checker (the "checker" context; each checker's own keys below)
        T("checker", "connect_ip", "check.connect_ip", "connect_ip", V::string),
        T("checker", "connect_port", "check.connect_port", "connect_port", V::integer),
        T("checker", "bindto", "check.bindto", "bindto", V::string),
        T("checker", "bind_port", "check.bind_port", "bind_port", V::integer),
        T("checker", "bind_if", "check.bind_if", "bind_if", V::string),
        T("checker", "fwmark", "check.fwmark", "fwmark", V::integer),
        T("checker", "connect_timeout", "check.connect_timeout", "connect_timeout", V::duration),
        T("checker", "retry", "check.retry", "retry", V::integer),
        T("checker", "nb_get_retry", "check.retry (retry's old name)", "retry", V::integer),
        T("checker", "delay_before_retry", "check.delay_before_retry", "delay_before_retry", V::duration),
        T("checker", "delay_loop", "check.delay_loop", "delay_loop", V::duration),
        T("checker", "warmup", "check.warmup", "warmup", V::duration),
        T("checker", "alpha", "check.alpha", "alpha", V::flag),
        T("checker", "log_all_failures", "check.log_all_failures", "log_all_failures", V::flag),

        C("HTTP_GET", "url", "check.url", translate_url),
        T("HTTP_GET", "http_protocol", "check.http_protocol", "http_protocol", V::string),
        T("HTTP_GET", "virtualhost", "check.virtualhost", "virtualhost", V::string),
        T("HTTP_GET", "enable_sni", "check.enable_sni", "enable_sni", V::flag),
        NA("HTTP_GET", "fast_recovery", "routerd's http and ssl checks always recover this way: one probe checks every url in turn, without a delay_loop between them, and one passing probe (rise = 1, the default) brings the real server back"),
        NA("HTTP_GET", "tls_compliant", "plain HTTP has no TLS session to close: Keepalived reads it for SSL_GET only"),
        T("SSL_GET", "tls_compliant", "check.tls_compliant", "tls_compliant", V::flag),
        T("url", "path", "check.url[].path", "path", V::string),
        T("url", "digest", "check.url[].digest", "digest", V::string),
        C("url", "status_code", "check.url[].status_code", translate_status_code),
        T("url", "virtualhost", "check.url[].virtualhost", "virtualhost", V::string),
        T("url", "regex", "check.url[].regex", "regex", V::string),
        T("url", "regex_no_match", "check.url[].regex_no_match", "regex_no_match", V::flag),
        T("url", "regex_options", "check.url[].regex_options", "regex_options", V::script),
        T("url", "regex_min_offset", "check.url[].regex_min_offset", "regex_min_offset", V::integer),
        T("url", "regex_max_offset", "check.url[].regex_max_offset", "regex_max_offset", V::integer),
        NA("url", "regex_stack", "routerd's regular expressions need no PCRE2 stack setting"),

        C("SMTP_CHECK", "host", "a check of its own (SMTP_CHECK's settings, then the host's)",
          translate_smtp_host),
        T("SMTP_CHECK", "helo_name", "check.helo_name", "helo_name", V::string),

        T("DNS_CHECK", "type", "check.query_type", "query_type", V::string),
        T("DNS_CHECK", "name", "check.name", "name", V::string),

        T("MISC_CHECK", "misc_path", "check.misc_path", "misc_path", V::script),
        T("MISC_CHECK", "misc_timeout", "check.misc_timeout", "misc_timeout", V::duration),
        T("MISC_CHECK", "misc_dynamic", "check.misc_dynamic", "misc_dynamic", V::flag),
        C("MISC_CHECK", "user", "check.user", translate_script_user),

        T("UDP_CHECK", "payload", "check.payload", "payload", V::string),
        C("UDP_CHECK", "require_reply", "check.require_reply", translate_require_reply),
        T("UDP_CHECK", "min_reply_length", "check.min_reply_length", "min_reply_length", V::integer),
        T("UDP_CHECK", "max_reply_length", "check.max_reply_length", "max_reply_length", V::integer),

        C("FILE_CHECK", "track_file", "check.track_file (the file the track_file block reads)", translate_file_check_track_file),
        C("FILE_CHECK", "weight", "check.weight", translate_weight),
    });
    // Keepalived also takes these global_defs keywords at the top level, ahead of any block
    // (its sample keepalived.conf.conditional_conf starts with "@high net_namespace high").
    for (std::string_view keyword : {"net_namespace", "net_namespace_ipvs", "namespace_with_ipsets",
                                     "instance", "use_pid_dir", "linkbeat_use_polling"}) {
        const auto global = std::ranges::find_if(r, [&](const KeywordRule& rule) {
            return rule.context == "global_defs" && rule.keyword == keyword;
        });
        KeywordRule top_level = *global;
        top_level.context = "";
        r.push_back(top_level);
    }
    return r;
}
// clang-format on

// Checkers take the keys of "checker" too; SSL_GET takes HTTP_GET's.
std::string_view parent_context(std::string_view context) {
    if (context == "SSL_GET") return "HTTP_GET";
    for (std::string_view checker : {"TCP_CHECK", "HTTP_GET", "SMTP_CHECK", "DNS_CHECK",
                                     "MISC_CHECK", "PING_CHECK", "UDP_CHECK", "FILE_CHECK"}) {
        if (context == checker) return "checker";
    }
    return "";
}

}  // namespace

const std::vector<KeywordRule>& keyword_rules() {
    static const std::vector<KeywordRule> rules = make_rules();
    return rules;
}

const KeywordRule* find_rule(std::string_view context, std::string_view keyword) {
    // Every statement asks: index the rows once by (block, keyword).
    static const auto index = [] {
        std::map<std::pair<std::string_view, std::string_view>, const KeywordRule*> rows;
        for (const KeywordRule& rule : keyword_rules()) {
            rows.try_emplace({rule.context, rule.keyword}, &rule);
        }
        return rows;
    }();
    for (std::string_view c = context;; c = parent_context(c)) {
        if (const auto row = index.find({c, keyword}); row != index.end()) return row->second;
        if (parent_context(c).empty()) return nullptr;
    }
}

}  // namespace routerd::import
