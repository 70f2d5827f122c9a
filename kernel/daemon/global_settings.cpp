#include "daemon/global_settings.hpp"

#include "daemon/net_namespace.hpp"

#include <grp.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace routerd {
namespace {

constexpr int64_t kMaxHistoryRetention = 1'000'000'000;

// The group's id, or the reason there is none.
std::optional<gid_t> group_id(const std::string& name, std::string& why) {
    std::vector<char> buffer(16384);
    group entry{};
    group* found = nullptr;
    const int error = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (found != nullptr) return found->gr_gid;
    why = error != 0 ? std::strerror(error) : "no such group";
    return std::nullopt;
}

}  // namespace

GlobalSettings read_global_settings(const ConfigView& global) {
    GlobalSettings settings;
    const ConfigView group = global["control_group"];
    if (const auto name = group.string()) {
        std::string why;
        settings.control_group = group_id(std::string(*name), why);
        if (!settings.control_group) group.error("group '" + std::string(*name) + "': " + why);
    }
    if (const auto rows = global["history_retention"].integer(0, kMaxHistoryRetention))
        settings.history_retention = static_cast<uint64_t>(*rows);
    const ConfigView net_namespace = global["net_namespace"];
    if (const auto name = net_namespace.string()) {
        settings.net_namespace = std::string(*name);
        if (auto problem = net_namespace_problem(*settings.net_namespace))
            net_namespace.error(*problem);
    }
    const ConfigView umask = global["umask"];
    if (const auto mask = umask.integer()) {
        if (*mask < 0 || *mask > 0777)
            umask.error("is not a mask of permission bits: write one of 0o000..0o777 (e.g. 0o022)");
        else
            settings.umask = static_cast<mode_t>(*mask);
    }
    return settings;
}

}  // namespace routerd
