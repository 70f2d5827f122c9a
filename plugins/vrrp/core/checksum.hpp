// The Internet checksum (RFC 1071), used by VRRP (RFC 3768 §5.3.8, RFC 5798 §5.2.8) and IPv4.
#pragma once

#include <cstdint>
#include <span>

namespace routerd::vrrp {

// Adds `data` as big-endian 16-bit words (an odd trailing byte is zero-padded) to `sum`.
// Only the last chunk of a checksummed range may have an odd length.
std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::uint8_t> data);
// Folds the carries and complements: the value to store in a checksum field. A range that
// already contains a correct checksum folds to 0.
std::uint16_t checksum_finish(std::uint32_t sum);

}  // namespace routerd::vrrp
