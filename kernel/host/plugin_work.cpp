#include "host/plugin_work.hpp"

#include <vector>

namespace routerd {

std::set<std::string> plugins_with_work(const PluginWork& work) {
    std::set<std::string> with_work = work.tables;
    with_work.insert(work.checkers.begin(), work.checkers.end());
    // A provider a plugin with work uses has work too, and so on down the chain.
    std::vector<std::string> unvisited(with_work.begin(), with_work.end());
    while (!unvisited.empty()) {
        const std::string plugin = std::move(unvisited.back());
        unvisited.pop_back();
        auto used = work.lookups.find(plugin);
        if (used == work.lookups.end()) continue;
        for (const std::string& provider : used->second) {
            if (with_work.insert(provider).second) unvisited.push_back(provider);
        }
    }
    return with_work;
}

}  // namespace routerd
