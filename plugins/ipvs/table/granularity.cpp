#include "routerd/ipvs/table/granularity.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace routerd::ipvs {

std::variant<AddressMask, std::string> persistence_mask(const std::string& granularity, bool v6) {
    AddressMask mask{};
    mask.fill(0xff);
    if (granularity.empty()) {
        return mask;
    }
    if (granularity.find('.') != std::string::npos) {
        uint8_t netmask[4];
        if (inet_pton(AF_INET, granularity.c_str(), netmask) != 1) {
            return "'" + granularity + "' is not a netmask";
        }
        if (!v6) {
            std::copy(std::begin(netmask), std::end(netmask), mask.begin());
        }
        return mask;
    }
    unsigned bits = 0;
    const char* end = granularity.data() + granularity.size();
    const auto [stop, error] = std::from_chars(granularity.data(), end, bits);
    const unsigned max_bits = v6 ? 128 : 32;
    if (error != std::errc() || stop != end || bits > max_bits) {
        return "'" + granularity + "' is neither a netmask nor a prefix length 0.." +
               std::to_string(max_bits);
    }
    mask.fill(0);
    for (unsigned bit = 0; bit < bits; ++bit) {
        mask[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
    }
    return mask;
}

}  // namespace routerd::ipvs
