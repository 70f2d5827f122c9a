// keepalived.conf(5) global_defs net_namespace: routerd runs in a named network namespace
// (`ip netns add NAME`, /run/netns/NAME) instead of the one it was started in.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace routerd {

// Where `ip netns` keeps the namespace NAME.
std::filesystem::path net_namespace_path(const std::string& name);

// Why NAME cannot be a namespace's name here (empty, a path, or none by that name), or nullopt.
std::optional<std::string> net_namespace_problem(const std::string& name);

// Moves the calling thread into the namespace that `config_file`'s [global] net_namespace
// names, if any. Call it before any other thread starts: threads inherit the namespace of the
// thread that creates them, and setns(2) moves only its caller. Returns the reason it could not
// (a configuration that does not parse is left to the start-up, which reports it in full).
std::optional<std::string> enter_configured_net_namespace(const std::filesystem::path& config_file);

}  // namespace routerd
