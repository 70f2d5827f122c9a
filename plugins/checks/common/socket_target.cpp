#include "socket_target.hpp"

namespace routerd::checks {

std::optional<SocketTarget> read_socket_target(CheckKeys& keys, std::string_view target,
                                               bool port_required) {
    // Both are read even when the first fails: each reports its own mistakes.
    std::optional<Endpoint> endpoint = read_target(keys.table(), target, port_required);
    std::optional<SourceBinding> binding = SourceBinding::read(keys.table());
    if (!endpoint || !binding) {
        keys.invalid();
        return std::nullopt;
    }
    return SocketTarget{*endpoint, std::move(*binding)};
}

}  // namespace routerd::checks
