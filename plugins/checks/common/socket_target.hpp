#pragma once

#include <optional>
#include <string_view>

#include "check_keys.hpp"
#include "endpoint.hpp"
#include "source_binding.hpp"

namespace routerd::checks {

// What every socket checker (tcp, http, ssl, smtp, dns, udp, ping) reads first: the address
// it probes and where its packets come from.
struct SocketTarget {
    Endpoint endpoint;
    SourceBinding binding;
};

// Reads the target and the source binding of `keys`' check table. After an error (reported
// with file:line:col) it returns nullopt and counts the failure in `keys`, so that the checker
// still reads its own keys and reports every mistake in one pass before refusing the check.
// A bind_port below 1024 is declared to `host` (CAP_NET_BIND_SERVICE is kept for it).
std::optional<SocketTarget> read_socket_target(const sdk::Host& host, CheckKeys& keys,
                                               std::string_view target, bool port_required);

}  // namespace routerd::checks
