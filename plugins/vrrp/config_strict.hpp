// keepalived.conf(5) vrrp_strict / strict_mode: "Enforce strict VRRP protocol compliance".
// [vrrp] strict_mode sets the default of every instance; an instance's own strict_mode
// overrides it. Where Keepalived logs a warning and resets a setting that breaks the RFCs,
// routerd refuses the configuration and names the key, so that what runs is what the file says;
// settings left unset take the RFC's values instead of [vrrp]'s defaults.
#pragma once

#include <routerd/plugin.hpp>

#include "instance_config.hpp"

namespace routerd::vrrp {

// Whether `instance` runs in strict mode: its own strict_mode, else `strict_default`.
bool strict_mode_of(const sdk::Config& instance, bool strict_default);

// Checks the parsed instance `c` against the RFCs and sets the RFC's values where the instance
// left a setting unset; false after reporting, on the key at fault, each setting that breaks
// them.
bool apply_strict_mode(const sdk::Config& instance, InstanceConfig& c);

}  // namespace routerd::vrrp
