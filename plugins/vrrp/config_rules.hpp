// Reader of a policy-routing rule in [vrrp] static_rules and [vrrp.instance.NAME] virtual_rules
// (internal to config.cpp): every problem is reported against its Config node, and nullopt
// returned.
#pragma once

#include <routerd/plugin.hpp>

#include <optional>

#include "virtual_rule.hpp"

namespace routerd::vrrp {

// { from = "10.0.0.0/8", table = 100, priority = 1000, ... }: the options of `ip rule add`
// as keepalived.conf(5) static_rules names them (docs/configuration.md lists each).
std::optional<VirtualRule> parse_virtual_rule(const sdk::Config& node);

}  // namespace routerd::vrrp
