#include "checksum.hpp"

namespace routerd::vrrp {

std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::uint8_t> data) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (i < data.size()) {
        sum += static_cast<std::uint32_t>(data[i] << 8);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

std::uint16_t checksum_finish(std::uint32_t sum) {
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace routerd::vrrp
