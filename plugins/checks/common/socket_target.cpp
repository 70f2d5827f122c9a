#include "socket_target.hpp"

namespace routerd::checks {

namespace {

// Binding a port below 1024 takes CAP_NET_BIND_SERVICE (ip(7)).
constexpr uint16_t kFirstUnprivilegedPort = 1024;

}  // namespace

std::optional<SocketTarget> read_socket_target(const sdk::Host& host, CheckKeys& keys,
                                               std::string_view target, bool port_required) {
    // Both are read even when the first fails: each reports its own mistakes.
    std::optional<Endpoint> endpoint = read_target(keys.table(), target, port_required);
    std::optional<SourceBinding> binding = SourceBinding::read(keys.table());
    if (binding && binding->port != 0 && binding->port < kFirstUnprivilegedPort &&
        !host.require_privilege(keys["bind_port"], ROUTERD_PRIVILEGE_BIND_LOW_PORT))
        binding.reset();
    if (!endpoint || !binding) {
        keys.invalid();
        return std::nullopt;
    }
    return SocketTarget{*endpoint, std::move(*binding)};
}

}  // namespace routerd::checks
