// What Keepalived derives for a vrrp_instance from the rest of the file when it completes the
// instance (keepalived 2.2.7, vrrp.c vrrp_complete_instance), made explicit in the import so
// that routerd runs what Keepalived ran.
#pragma once

#include <vector>

#include "conf_tree.hpp"
#include "translation.hpp"

namespace routerd::import {

// Keepalived resets, with a warning, the settings of an instance that cannot work together:
// in a strict instance (vrrp_strict / strict_mode) those that break the RFCs, in every instance
// nopreempt and preempt_delay with state MASTER or priority 255, and preempt_delay with
// nopreempt. routerd's own configuration refuses or would run some of them, so each such
// statement is taken out of `top` before translation and reported, with why.
void apply_keepalived_resets(std::vector<Statement>& top, Translation& t);

// An instance with state MASTER and no priority runs at 255 in Keepalived (the address owner);
// routerd's default priority is 100, so the import writes the 255.
void derive_master_priority(const std::vector<Statement>& top, TomlDocument& document);

}  // namespace routerd::import
