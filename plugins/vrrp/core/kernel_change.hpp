// Reads one rtnetlink notification (RFC 3549 §2.3) into what core/static_watch.hpp needs of it:
// RTM_NEWLINK / RTM_DELLINK, RTM_DELADDR, RTM_DELROUTE and RTM_DELRULE. Pure: bytes in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "static_watch.hpp"

namespace routerd::vrrp {

// `message`: one whole netlink message (header included). nullopt for another type, or one too
// short for what it claims.
std::optional<KernelChange> decode_kernel_change(const std::uint8_t* message, std::size_t size);

}  // namespace routerd::vrrp
