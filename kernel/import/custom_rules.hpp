#pragma once

// The translations that are more than one value to one key: the `custom` functions of
// keyword_rules.cpp's rows, grouped by the part of keepalived.conf they serve.

#include <string>
#include <utility>
#include <vector>

namespace routerd::import {

struct Statement;
struct Scope;
struct Word;
class Translation;

// Top level and global_defs (translate_global.cpp).
void translate_global_defs(const Statement&, Scope&);
void translate_notification_email(const Statement&, Scope&);
void translate_smtp_server(const Statement&, Scope&);
void translate_ssl_block(const Statement&, Scope&);
void translate_lvs_timeouts(const Statement&, Scope&);
void translate_lvs_flush_on_stop(const Statement&, Scope&);
void translate_net_namespace_ipvs(const Statement&, Scope&);
void translate_lvs_sync_daemon(const Statement&, Scope&);
void translate_instance_lvs_sync_daemon_interface(const Statement&, Scope&);
void translate_rlimit_rttime(const Statement&, Scope&);
void translate_max_auto_priority(const Statement&, Scope&);
void translate_min_auto_priority_delay(const Statement&, Scope&);
void translate_checker_log_all_failures(const Statement&, Scope&);
void translate_umask(const Statement&, Scope&);
void translate_lifecycle_script(const Statement&, Scope&);
void translate_dynamic_interfaces(const Statement&, Scope&);
void translate_nftables(const Statement&, Scope&);

// VRRP (translate_vrrp.cpp).
void translate_vrrp_instance(const Statement&, Scope&);
void translate_vrrp_sync_group(const Statement&, Scope&);
void translate_vrrp_script(const Statement&, Scope&);
void translate_vrrp_track_process(const Statement&, Scope&);
void translate_vrrp_track_file(const Statement&, Scope&);
void translate_authentication(const Statement&, Scope&);

// Addresses and routes (translate_addresses.cpp).
void translate_virtual_ipaddress(const Statement&, Scope&);
void translate_virtual_routes(const Statement&, Scope&);
// blackhole, unreachable, prohibit, throw: a route of this type goes through no interface.
bool route_type_without_interface(const std::string& word);
void translate_garp_group(const Statement&, Scope&);
void translate_garp_extra_if(const Statement&, Scope&);

// Rules and static items (translate_rules.cpp).
void translate_virtual_rules(const Statement&, Scope&);
void translate_static_block(const Statement&, Scope&);

// track_group NAME { group { ... } } and the items' tracking options (translate_tracking.cpp).
using ItemEntries = std::vector<std::pair<std::string, std::string>>;
void translate_track_group(const Statement&, Scope&);
// words[i] of an item of `block`: when it is no_track, or track_group GROUP (only static items
// take one), its entry goes into `out` and i past its value; false when it is another word.
bool take_tracking_option(const std::vector<Word>& words, size_t& i, const std::string& block,
                          ItemEntries& out, Translation& t);
// After an item's words: a track_group beside no_track is left out (reported), as Keepalived
// tracks no such item.
void settle_tracking_options(ItemEntries& out, const Statement& entry, const std::string& block,
                             Translation& t);

void translate_track_list(const Statement&, Scope&);
void translate_global_tracking(const Statement&, Scope&);
void translate_unicast_peer(const Statement&, Scope&);
void translate_use_vmac(const Statement&, Scope&);
void translate_use_ipvlan(const Statement&, Scope&);
void translate_old_unicast_checksum(const Statement&, Scope&);
void translate_preempt(const Statement&, Scope&);
void translate_notify_deleted(const Statement&, Scope&);
void translate_weight(const Statement&, Scope&);
void translate_script_user(const Statement&, Scope&);
void translate_global_script_user(const Statement&, Scope&);
void translate_process_name(const Statement&, Scope&);
void translate_param_match(const Statement&, Scope&);
void translate_init_file(const Statement&, Scope&);

// LVS (translate_lvs.cpp).
void translate_virtual_server_group(const Statement&, Scope&);
void translate_virtual_server(const Statement&, Scope&);
void translate_lvs_method(const Statement&, Scope&);
void translate_sorry_server(const Statement&, Scope&);
void translate_sorry_server_lvs_method(const Statement&, Scope&);
void translate_alpha(const Statement&, Scope&);
void translate_scheduler_flag(const Statement&, Scope&);
void translate_real_server(const Statement&, Scope&);
void translate_checker(const Statement&, Scope&);
void translate_url(const Statement&, Scope&);
void translate_status_code(const Statement&, Scope&);
void translate_smtp_host(const Statement&, Scope&);
void translate_require_reply(const Statement&, Scope&);
void translate_file_check_track_file(const Statement&, Scope&);

}  // namespace routerd::import
