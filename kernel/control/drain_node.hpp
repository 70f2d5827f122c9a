// routerctl drain-node: asks the announce-bgp plugin to withdraw every announcement, then
// waits until the connections to the VIPs are gone (or its drain_timeout passed) and says
// that the node is safe to stop.
#pragma once

#include <filesystem>
#include <ostream>

namespace routerd {

// Returns routerctl's exit status; progress and the verdict go to `out`.
int drain_node(const std::filesystem::path& socket, std::ostream& out);

}  // namespace routerd
