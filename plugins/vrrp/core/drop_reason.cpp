#include "drop_reason.hpp"

#include <array>

namespace routerd::vrrp {

std::string_view name(DropReason reason) {
    static constexpr std::array<std::string_view, kDropReasonCount> kNames = {
        "ttl_or_hop_limit",
        "bad_length",
        "bad_checksum",
        "bad_version",
        "bad_type",
        "vrid_mismatch",
        "auth_type_mismatch",
        "auth_failure",
        "ah_replay",
        "address_list_mismatch",
        "advert_interval_mismatch",
        "zero_advert_interval",
        "not_unicast_peer",
        "wrong_destination",
        "own_source_address",
    };
    return kNames[static_cast<std::size_t>(reason)];
}

}  // namespace routerd::vrrp
