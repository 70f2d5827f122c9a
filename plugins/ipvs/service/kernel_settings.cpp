#include "routerd/ipvs/service/kernel_settings.h"

#include <routerd/plugin.h>

namespace routerd::ipvs {

KernelSettings running_kernel_settings(const Model& model,
                                       const std::map<std::string, int32_t>& vrrp_states,
                                       bool first) {
    KernelSettings k;
    k.timeouts = model.timeouts;
    k.flush = first && model.flush;
    k.net_namespace = model.net_namespace;
    if (model.sync_daemon) {
        SyncDaemon daemon = model.sync_daemon->settings;
        const std::string& instance = model.sync_daemon->vrrp_instance;
        const auto state = vrrp_states.find(instance);
        const bool master = state != vrrp_states.end() && state->second == ROUTERD_VRRP_MASTER;
        for (SyncDaemon::State s : {SyncDaemon::State::master, SyncDaemon::State::backup}) {
            const bool wanted = instance.empty() || (s == SyncDaemon::State::master) == master;
            if (!wanted) continue;
            daemon.state = s;
            k.sync_daemons.push_back(daemon);
        }
    }
    return k;
}

KernelSettings stopping_kernel_settings(const Model& model) {
    KernelSettings k;
    k.flush = model.flush_on_stop == FlushOnStop::all;
    k.remove_services_whole = model.flush_on_stop == FlushOnStop::services;
    k.net_namespace = model.net_namespace;  // what goes, goes from there
    return k;
}

}  // namespace routerd::ipvs
