#pragma once

#include <map>
#include <set>
#include <string>

namespace routerd {

// What the applied configuration asks of the loaded plugins.
struct PluginWork {
    std::set<std::string> tables;    // plugins whose top-level table is present and not empty
    std::set<std::string> checkers;  // the checker types of the checks that run
    // Per plugin, the providers (forwarders, schedulers) it looked up while being configured.
    std::map<std::string, std::set<std::string>> lookups;
};

// The one rule for which loaded plugins run: only those the configuration gives work, so that a
// plugin it does not use costs no thread, timer or socket (it is still loaded and configured,
// with no table, and status shows it idle). A plugin has work when
//  - its top-level table is present and not empty (a service, a notifier, a forwarder's tuning),
//  - it is a checker and a check of its type runs,
//  - it is a provider that a plugin with work looked up while being configured.
// The daemon starts the plugins that gain work (before the checks that need them start) and
// stops those that lost it, at start and at each reload.
std::set<std::string> plugins_with_work(const PluginWork& work);

}  // namespace routerd
