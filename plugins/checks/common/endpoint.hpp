#pragma once

#include <routerd/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace routerd::checks {

// The address a probe talks to, as the host passes it: "192.0.2.1:80", "[2001:db8::1]:80",
// or for checks without a port (ping) "192.0.2.1" / "2001:db8::1".
struct Endpoint {
    boost::asio::ip::address address;
    uint16_t port = 0;  // 0 when the text had none

    static std::optional<Endpoint> parse(std::string_view text);
};

// The probe's target, or nullopt after a configuration error against `check`'s `target`
// (which is where a standalone check names it; an attached check's target comes from its
// owner and is always well formed).
std::optional<Endpoint> read_target(const sdk::Config& check, std::string_view target,
                                    bool port_required);

}  // namespace routerd::checks
