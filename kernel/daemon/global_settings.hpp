#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "config/config_view.hpp"
#include "store/store.hpp"

namespace routerd {

// The [global] keys the host itself acts on (router_id and the script keys are read by the
// plugins that use them).
struct GlobalSettings {
    // control_group = "NAME": members may run read-only routerctl commands (status, checks,
    // `routerctl vrrp`, ...); without it, only root may use the control socket.
    std::optional<gid_t> control_group;
    // history_retention = N: the history table (every state change, in state.db) keeps the
    // newest N rows; 0 keeps every row.
    uint64_t history_retention = Store::kDefaultHistoryRetention;
    // net_namespace = "NAME" (keepalived.conf(5) global_defs): routerd runs in the network
    // namespace /run/netns/NAME, entered at start (kernel/daemon/net_namespace.hpp); a reload
    // cannot change it.
    std::optional<std::string> net_namespace;
    // umask = 0o022 (keepalived.conf(5) global_defs umask): the file mode creation mask of
    // routerd, which every script it starts inherits; nullopt: the one routerd started with.
    std::optional<mode_t> umask;
};

// Reads them from the [global] table, reporting every mistake against its key.
GlobalSettings read_global_settings(const ConfigView& global);

}  // namespace routerd
